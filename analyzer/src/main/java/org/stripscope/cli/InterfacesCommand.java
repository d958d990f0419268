package org.stripscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.LiveCapabilities;
import org.stripscope.capture.LiveDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stripscope interfaces}: the capture devices, their addresses, and whether this user may capture on them. */
@Command(name = "interfaces",
        mixinStandardHelpOptions = true,
        description = {"Lists the devices 'stripscope live -i' can capture on, with their state and addresses,",
            "and whether this process may capture on each (tried by opening it briefly)."},
        footer = {"", "Exit codes: 0 ok (even when capturing is not permitted), 1 libpcap missing or the devices can't be listed."})
final class InterfacesCommand implements Callable<Integer> {

    @Option(names = "--no-check", description = "don't try opening each device")
    boolean noCheck;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<LiveDevices.Device> devices;
        try {
            devices = LiveDevices.list();
        } catch (CaptureException e) {
            err.println("stripscope: " + e.getMessage());
            return ExitCode.ERROR;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DEVICE", "STATE", "CAPTURE", "ADDRESSES"});
        String permissionHint = null;
        for (LiveDevices.Device d : devices) {
            String capture;
            if (noCheck) {
                capture = "-";
            } else {
                String problem = LiveDevices.captureProblem(d.name());
                if (problem == null) {
                    capture = "yes";
                } else if (problem.contains("no permission")) {
                    capture = "no-permission";
                    permissionHint = problem.substring(d.name().length() + 2);
                } else {
                    capture = "no";
                    err.println("stripscope: " + problem);
                }
            }
            rows.add(new String[] {d.name(), state(d), capture,
                d.addresses().isEmpty() ? "-" : String.join(" ", d.addresses())});
        }
        print(rows, out);
        if (permissionHint != null) {
            err.println("stripscope: " + permissionHint);
        } else if (!noCheck && devices.isEmpty()) {
            LiveCapabilities caps = LiveCapabilities.ofThisProcess();
            if (!caps.missing().isEmpty()) {
                err.println("stripscope: no devices visible; capturing needs " + caps.missing());
            }
        }
        return ExitCode.OK;
    }

    /** "up,running", "down", plus "loopback". */
    static String state(LiveDevices.Device d) {
        StringBuilder sb = new StringBuilder(d.up() ? "up" : "down");
        if (d.running()) {
            sb.append(",running");
        }
        if (d.loopback()) {
            sb.append(",loopback");
        }
        return sb.toString();
    }

    /** Left-aligned columns, two spaces apart; the last column unpadded. */
    static void print(List<String[]> rows, PrintStream out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row[c]);
                if (c < columns - 1) {
                    line.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            out.println(line);
        }
    }
}
