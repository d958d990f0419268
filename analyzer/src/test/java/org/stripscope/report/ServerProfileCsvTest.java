package org.stripscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.detect.ServerProfile;
import org.stripscope.detect.ServerProfile.CapabilitySet;
import org.stripscope.mail.Protocol;

class ServerProfileCsvTest {

    private static String write(ServerProfile... profiles) throws IOException {
        StringBuilder out = new StringBuilder();
        ServerProfileCsv.write(List.of(profiles), out);
        return out.toString();
    }

    @Test
    void oneServer_isOneRowUnderTheHeader() throws IOException {
        ServerProfile p = new ServerProfile("198.51.100.25", 25, Protocol.SMTP, "mx.example.net", 3, 1, 2,
                1_254_722_767_492_353L, 1_254_722_800_000_000L,
                List.of(new CapabilitySet("PIPELINING XXXXXXXA", 2), new CapabilitySet("PIPELINING STARTTLS", 1)));
        assertEquals("server,port,protocol,greeting_host,sessions,sessions_offering_starttls,sessions_masked,"
                + "first_seen,last_seen,capability_sets\r\n"
                + "198.51.100.25,25,smtp,mx.example.net,3,1,2,2009-10-05T06:06:07.492353Z,2009-10-05T06:06:40.000000Z,"
                + "PIPELINING XXXXXXXA x2 | PIPELINING STARTTLS x1\r\n", write(p));
    }

    @Test
    void serverWithoutEndedSessions_hasEmptyTimesAndNoSets() throws IOException {
        ServerProfile p = new ServerProfile("2001:db8::25", 110, Protocol.POP3, "", 0, 0, 0, 0, 0, List.of());
        assertEquals("2001:db8::25,110,pop3,,0,0,0,,,\r\n", write(p).lines().skip(1).findFirst().orElseThrow() + "\r\n");
    }

    @Test
    void hostileHostAndKeywords_areNeutralisedAndQuoted() throws IOException {
        ServerProfile p = new ServerProfile("198.51.100.25", 25, Protocol.SMTP, "=cmd|'/c calc'!a0", 1, 0, 0,
                0, 0, List.of(new CapabilitySet("-X, \"Y\"", 1)));
        assertEquals("198.51.100.25,25,smtp,'=cmd|'/c calc'!a0,1,0,0,1970-01-01T00:00:00.000000Z,"
                + "1970-01-01T00:00:00.000000Z,\"'-X, \"\"Y\"\" x1\"", write(p).lines().skip(1).findFirst().orElseThrow());
    }
}
