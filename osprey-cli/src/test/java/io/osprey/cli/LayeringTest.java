package io.osprey.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The pipeline's layering, checked mechanically (style.md §3): common ← {pcap, packet, log} ← engine ← files ←
 * analyzers ← cli; the capture filter (common ← pcap ← filter ← cli) stands beside the decoders; no protocol
 * package imports another.
 * Dependencies point one way; only the CLI calls System.exit.
 */
class LayeringTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.osprey");

    @Test
    void commonDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.osprey.common..")
                .should().dependOnClassesThat().resideInAnyPackage("io.osprey.pcap..", "io.osprey.packet..",
                        "io.osprey.log..", "io.osprey.engine..", "io.osprey.files..", "io.osprey.analyzer..",
                        "io.osprey.cli..", "io.osprey.filter..")
                .check(CLASSES);
    }

    @Test
    void theFilterSitsOnTheReaderOnly() {
        noClasses().that().resideInAPackage("io.osprey.filter..")
                .should().dependOnClassesThat().resideInAnyPackage("io.osprey.packet..", "io.osprey.log..",
                        "io.osprey.engine..", "io.osprey.files..", "io.osprey.analyzer..", "io.osprey.cli..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("io.osprey.pcap..", "io.osprey.packet..", "io.osprey.log..",
                        "io.osprey.engine..", "io.osprey.files..", "io.osprey.analyzer..")
                .should().dependOnClassesThat().resideInAPackage("io.osprey.filter..")
                .check(CLASSES);
    }

    @Test
    void readersDecodersAndLogsDoNotKnowTheEngine() {
        noClasses().that().resideInAnyPackage("io.osprey.pcap..", "io.osprey.packet..", "io.osprey.log..")
                .should().dependOnClassesThat().resideInAnyPackage("io.osprey.engine..", "io.osprey.cli..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.osprey.pcap..")
                .should().dependOnClassesThat().resideInAnyPackage("io.osprey.packet..", "io.osprey.log..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.osprey.log..")
                .should().dependOnClassesThat().resideInAnyPackage("io.osprey.packet..", "io.osprey.pcap..")
                .check(CLASSES);
    }

    @Test
    void engineDoesNotKnowTheCli() {
        noClasses().that().resideInAPackage("io.osprey.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.osprey.cli..", "io.osprey.files..",
                        "io.osprey.analyzer..")
                .check(CLASSES);
    }

    @Test
    void filesDoNotKnowTheAnalyzers() {
        noClasses().that().resideInAPackage("io.osprey.files..")
                .should().dependOnClassesThat().resideInAnyPackage("io.osprey.analyzer..", "io.osprey.cli..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.osprey.analyzer..")
                .should().dependOnClassesThat().resideInAPackage("io.osprey.cli..")
                .check(CLASSES);
    }

    @Test
    void noProtocolImportsAnother() {
        for (String p : new String[] {"dns", "http"}) {
            noClasses().that().resideInAPackage("io.osprey.analyzer." + p + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            java.util.Arrays.stream(new String[] {"dns", "http"}).filter(q -> !q.equals(p))
                                    .map(q -> "io.osprey.analyzer." + q + "..").toArray(String[]::new))
                    .allowEmptyShould(true)
                    .check(CLASSES);
        }
    }

    @Test
    void onlyTheCliExits() {
        noClasses().that().resideOutsideOfPackage("io.osprey.cli..")
                .should().callMethod(System.class, "exit", int.class)
                .check(CLASSES);
    }

    @Test
    void packetLayersHaveNoCycles() {
        slices().matching("io.osprey.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
