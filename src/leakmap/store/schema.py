"""The case database's tables. Bump ``SCHEMA_VERSION`` and add a migration on change."""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- One row per leak path (archive members and attachments included).
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,
    pages INTEGER NOT NULL,
    ocr INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    wave INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_sha ON documents (sha256);
-- One row per distinct content that was extracted and detected: the resume marker.
CREATE TABLE IF NOT EXISTS contents (
    sha256 TEXT PRIMARY KEY,
    document TEXT NOT NULL,
    findings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    key TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_sha ON mentions (sha256);
CREATE TABLE IF NOT EXISTS patients (
    patient_id TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attributions (
    key TEXT PRIMARY KEY,
    patient_id TEXT,
    confidence REAL NOT NULL,
    decision TEXT,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exposures (
    patient_id TEXT PRIMARY KEY,
    record TEXT NOT NULL
);
-- A wave's name (scan --wave NAME, else its number) and the mark that the exposures it
-- starts from are kept in wave_baselines: written once, so a resumed wave compares with
-- what the case said before it, not with its own half-done results (store/waves.py).
CREATE TABLE IF NOT EXISTS wave_info (
    wave INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    baseline_people INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS wave_baselines (
    wave INTEGER NOT NULL,
    patient_id TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (wave, patient_id)
);
-- Per person, what the wave changed once it was linked and assessed (assess/waves.py).
CREATE TABLE IF NOT EXISTS wave_changes (
    wave INTEGER NOT NULL,
    patient_id TEXT NOT NULL,
    change TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (wave, patient_id)
);
-- When a wave's files were published, as the DPO found it (leakmap waves --published).
CREATE TABLE IF NOT EXISTS wave_published (
    wave INTEGER PRIMARY KEY,
    published TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unregistered (
    id INTEGER PRIMARY KEY,
    record TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS waves (
    wave INTEGER PRIMARY KEY,
    dump TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT
);
-- CPU and wall seconds per scan stage and file kind, summed per wave (stage_clock.py).
CREATE TABLE IF NOT EXISTS stage_times (
    wave INTEGER NOT NULL,
    stage TEXT NOT NULL,
    kind TEXT NOT NULL,
    calls INTEGER NOT NULL,
    cpu_s REAL NOT NULL,
    wall_s REAL NOT NULL,
    PRIMARY KEY (wave, stage, kind)
);
"""
