package org.stripscope.report;

/**
 * One finding as read back from a findings CSV, fields as text the way the CSV holds them
 * (spreadsheet neutralisation undone).
 */
public record FindingRow(String capture, long frame, String time, String finding, String severity,
                         String protocol, String clientIp, int clientPort, String serverIp, int serverPort,
                         String evidence, String detail, String wiresharkFilter) {

    /** The session the finding belongs to: capture, protocol and both endpoints. */
    public String sessionKey() {
        return capture + '\u0000' + protocol + '\u0000' + clientIp + '\u0000' + clientPort + '\u0000'
                + serverIp + '\u0000' + serverPort;
    }
}
