package org.stripscope.mail.imap;

/**
 * The command names of IMAP4rev2 (RFC 9051 §6) and IMAP4rev1 (RFC 3501 §6) with the common
 * extensions. Used only to find the first command of a client stream that began mid-session or
 * after lost bytes, where message text ("Subject: hi") would otherwise read as "tag command".
 */
final class KnownCommands {

    private static final String[] NAMES = {
            "CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "AUTHENTICATE", "LOGIN", "ENABLE",
            "SELECT", "EXAMINE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST",
            "LSUB", "NAMESPACE", "STATUS", "APPEND", "IDLE", "CHECK", "CLOSE", "UNSELECT",
            "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "UID", "ID", "SORT", "THREAD",
            "XLIST", "COMPRESS", "GETQUOTA", "GETQUOTAROOT", "SETQUOTA", "GETACL", "SETACL",
            "DELETEACL", "LISTRIGHTS", "MYRIGHTS", "GETMETADATA", "SETMETADATA", "NOTIFY",
            "ESEARCH", "REPLACE"};

    private KnownCommands() {
    }

    /** Whether {@code b[from, to)} is a known command name, any case. */
    static boolean contains(byte[] b, int from, int to) {
        for (String name : NAMES) {
            if (Ascii.equalsIgnoreCase(b, from, to, name)) {
                return true;
            }
        }
        return false;
    }
}
