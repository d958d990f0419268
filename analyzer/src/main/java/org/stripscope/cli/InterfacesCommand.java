package org.stripscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.LiveCapabilities;
import org.stripscope.capture.LiveDevices;
import org.stripscope.decode.IpAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stripscope interfaces}: the capture devices, their addresses, and whether this user may capture on them. */
@Command(name = "interfaces",
        mixinStandardHelpOptions = true,
        description = {"Lists the devices 'stripscope live -i' can capture on, with their state and addresses,",
            "and whether this process may capture on each (tried by opening it briefly)."},
        footer = {"", "CAPTURE: yes, no-permission (the missing capability is named below the list), no-down (interface down),",
            "no-link-type (frames stripscope can't decode), no (libpcap refused it otherwise).",
            "", "Exit codes: 0 ok (even when capturing is not permitted), 1 libpcap missing or the devices can't be listed."})
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
                } else if (problem.contains("interface is down")) {
                    capture = "no-down";
                } else if (problem.contains("unsupported link type")) {
                    capture = "no-link-type";
                } else {
                    capture = "no";
                }
            }
            List<String> addresses = new ArrayList<>();
            d.addresses().forEach(a -> addresses.add(format(a)));
            rows.add(new String[] {d.name(), state(d), capture, addresses.isEmpty() ? "-" : String.join(" ", addresses)});
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

    /** "192.0.2.1/24", "2001:db8::1/64" (RFC 5952 form). */
    static String format(LiveDevices.Address a) {
        byte[] b = a.bytes();
        long hi = 0;
        long lo = 0;
        if (b.length == 4) {
            lo = IpAddress.v4Lo(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
        } else {
            for (int i = 0; i < 8; i++) {
                hi = (hi << 8) | (b[i] & 0xff);
                lo = (lo << 8) | (b[8 + i] & 0xff);
            }
        }
        return IpAddress.format(hi, lo) + (a.prefixLength() < 0 ? "" : "/" + a.prefixLength());
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
