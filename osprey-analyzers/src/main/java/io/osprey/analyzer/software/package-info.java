/**
 * The software framework (Zeek's base/frameworks/software): protocol analyzers publish
 * {@link io.osprey.analyzer.software.SoftwareFound} for banners (HTTP User-Agent/Server/X-Powered-By now; SSH, FTP,
 * SMTP later), {@link io.osprey.analyzer.software.SoftwareFramework} parses them into name and version with Zeek's
 * parser ({@link io.osprey.analyzer.software.SoftwareParser}) and logs each host's software once per version to
 * software.log. Gaps: no {@code version_change} event (policy/frameworks/software/version-changes, vulnerable) and
 * no cluster distribution; pre-parsed names/versions ({@code $name}/{@code $version} in Software::found) are not
 * taken.
 */
package io.osprey.analyzer.software;
