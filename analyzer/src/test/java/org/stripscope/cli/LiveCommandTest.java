package org.stripscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.capture.LiveFilter;
import org.stripscope.capture.LiveInterfaceStats;
import picocli.CommandLine;

/** The live command's options are checked before any interface is opened; none of this needs privileges. */
class LiveCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new LiveCommand());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private LiveCommand.Plan plan(String... args) {
        LiveCommand command = new LiveCommand();
        new CommandLine(command).parseArgs(args);
        return command.plan();
    }

    @Test
    void noInterface_isAUsageError() {
        assertEquals(ExitCode.USAGE, run());
        assertTrue(err.toString().contains("--interface"), err.toString());
    }

    @Test
    void zeroDuration_isAUsageError() {
        assertEquals(ExitCode.USAGE, run("-i", "eth0", "--duration", "0"));
        assertTrue(err.toString().contains("--duration must be at least 1 second"), err.toString());
    }

    @Test
    void zeroPackets_isAUsageError() {
        assertEquals(ExitCode.USAGE, run("-i", "eth0", "--packets", "0"));
        assertTrue(err.toString().contains("--packets must be at least 1"), err.toString());
    }

    @Test
    void bufferBeyondTwoGibibytes_isAUsageError() {
        assertEquals(ExitCode.USAGE, run("-i", "eth0", "--buffer-size", "2048"));
        assertTrue(err.toString().contains("--buffer-size"), err.toString());
    }

    @Test
    void sameInterfaceTwice_isAUsageError() {
        assertEquals(ExitCode.USAGE, run("-i", "eth0", "-i", "eth0"));
        assertTrue(err.toString().contains("given twice"), err.toString());
    }

    @Test
    void portGivenToTwoProtocols_isAUsageError() {
        assertEquals(ExitCode.USAGE, run("-i", "eth0", "--smtp-ports", "25,143"));
        assertTrue(err.toString().contains("port 143"), err.toString());
    }

    @Test
    void filterThatDoesNotCompile_isAUsageErrorBeforeAnyInterfaceIsOpened() {
        assertEquals(ExitCode.USAGE, run("-i", "no-such-interface0", "--filter", "tcp prot 25"));
        assertTrue(err.toString().contains("--filter does not compile"), err.toString());
        assertFalse(err.toString().contains("no-such-interface0:"), err.toString());
    }

    @Test
    void defaultFilter_coversEveryMailPortOfEveryProtocol() {
        LiveCommand.Plan plan = plan("-i", "eth0", "--smtp-ports", "25,587", "--imap-ports", "143", "--pop3-ports", "110");
        assertEquals(LiveFilter.forPorts(new int[] {25, 110, 143, 587}), plan.filter());
    }

    @Test
    void givenFilter_isUsedAsIs() {
        assertEquals("tcp port 25 and host 192.0.2.25", plan("-i", "eth0", "--filter", "tcp port 25 and host 192.0.2.25").filter());
    }

    @Test
    void defaults_areWholeSegmentsBlockModeAndA64MibBuffer() {
        LiveCommand.Plan plan = plan("-i", "eth0");
        assertEquals(262_144, plan.settings().snaplen());
        assertEquals(64 << 20, plan.settings().bufferBytes());
        assertFalse(plan.settings().immediate());
        assertTrue(plan.settings().promiscuous());
        assertEquals(300_000_000L, plan.tcpLimits().idleTimeoutMicros());
    }

    @Test
    void options_reachTheSettings() {
        LiveCommand.Plan plan = plan("-i", "eth0", "--immediate", "--no-promiscuous", "--buffer-size", "8", "--idle-timeout", "30");
        assertTrue(plan.settings().immediate());
        assertFalse(plan.settings().promiscuous());
        assertEquals(8 << 20, plan.settings().bufferBytes());
        assertEquals(30_000_000L, plan.tcpLimits().idleTimeoutMicros());
    }

    @Test
    void interfaceCounters_areOneSummaryLine() {
        assertEquals("interface eth0: 1200 received, 3 dropped by the kernel, 0 dropped by the interface",
                LiveRun.describe(new LiveInterfaceStats("eth0", 1200, 3, 0, true)));
        assertEquals("interface eth0: no capture statistics (libpcap could not give them)",
                LiveRun.describe(LiveInterfaceStats.unknown("eth0")));
    }

    @Test
    void unknownInterface_isOneLineExitCodeErrorAndNoCsvHeader() throws Exception {
        Cli.Result r = Cli.run("live", "-i", "stripscope-none0", "--duration", "1");
        assertEquals(ExitCode.ERROR, r.exitCode(), r.stderr());
        List<String> lines = r.stderr().lines().toList();
        assertEquals(1, lines.size(), r.stderr());
        assertTrue(lines.get(0).startsWith("stripscope: stripscope-none0: "), r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void interfacesCommand_listsLoopbackWithItsAddress() throws Exception {
        Cli.Result r = Cli.run("interfaces", "--no-check");
        assertEquals(ExitCode.OK, r.exitCode(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.get(0).matches("DEVICE +STATE +CAPTURE +ADDRESSES"), r.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("lo +up\\S*loopback +- +.*127\\.0\\.0\\.1/8.*")), r.stdout());
    }
}
