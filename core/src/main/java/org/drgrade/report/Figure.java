package org.drgrade.report;

/**
 * A PNG of the report: its file name in the report folder, the alt text and the caption under it.
 */
record Figure(String file, String alt, String caption, byte[] png) {}
