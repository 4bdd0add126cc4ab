package org.drgrade.report;

/** One quarantined file, label row or image, from ingest's or preprocess's quarantine table. */
record QuarantineRow(String stage, String image, String path, String reason, String detail) {}
