/**
 * File extraction (Zeek's EXTRACT analyzer, base/files/extract, policy frameworks/files/extract-all-files): content
 * to disk under a directory, names that cannot escape it, a size limit (FileExtract::default_limit). Gap: per-file
 * custom names and FileExtract::set_limit from scripts have no counterpart.
 */
package io.osprey.files.extract;
