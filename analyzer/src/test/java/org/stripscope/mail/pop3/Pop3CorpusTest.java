package org.stripscope.mail.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.capture.PcapFileSource;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.AuthAttempt;
import org.stripscope.mail.event.CapabilitiesSeen;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.mail.event.SessionClosed;
import org.stripscope.tcp.FlowTable;
import org.stripscope.tcp.TcpLimits;

/**
 * The POP3 captures of the public corpus ({@code <root>/../shared/corpus}, described in its
 * MANIFEST.tsv) read through the real capture, decode and TCP stages into {@link Pop3Session}s:
 * the events that matter to the findings (logins, capabilities, STLS and TLS) are the ones the
 * manifest describes for each file, at its frames.
 */
class Pop3CorpusTest {

    private static Path corpus() {
        String root = System.getProperty("stripscope.root", "..");
        Path corpus = Path.of(root).toAbsolutePath().normalize().getParent().resolve("shared/corpus");
        assumeTrue(Files.isDirectory(corpus), "shared capture corpus not present at " + corpus);
        return corpus;
    }

    /**
     * Every event of every POP3 session (ports 110 and 995) of one capture, described, except the
     * closes: when a connection counts as closed is the TCP stage's business.
     */
    private static List<String> events(String file) throws Exception {
        List<MailEvent> events = new ArrayList<>();
        long[] ids = {1};
        FlowTable flows = new FlowTable(TcpLimits.defaults(), port -> port == 110 || port == 995,
                (e, frame, time) -> new Pop3Session(new SessionInfo(file, ids[0]++, Protocol.POP3,
                        e.clientAddress(), e.clientPort(), e.serverAddress(), e.serverPort(),
                        e.handshakeSeen()), events::add, e.serverPort() == 995));
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket packet = new DecodedPacket();
        long frame = 0;
        long time = 0;
        try (PcapFileSource source = PcapFileSource.open(corpus().resolve(file))) {
            while (source.next()) {
                frame = source.frame();
                time = source.timestampMicros();
                if (decoder.decode(source.linkType(), source.data(), source.capturedLength(), packet)
                        == DecodeStatus.TCP) {
                    flows.onPacket(packet, frame, time);
                }
            }
        }
        flows.closeAll(frame, time);
        List<String> out = new ArrayList<>();
        for (MailEvent e : events) {
            if (!(e instanceof SessionClosed)) {
                out.add(e.session().clientPort() + " " + describe(e));
            }
        }
        return out;
    }

    private static String describe(MailEvent e) {
        if (e instanceof AuthAttempt a) {
            return "Auth " + a.mechanism() + " user=" + a.username() + " " + a.credentials() + " "
                    + a.outcome() + " cmd@" + a.commandFrame() + " @" + a.frame();
        }
        if (e instanceof CapabilitiesSeen c) {
            return "Capabilities " + c.keywords() + " @" + c.frame();
        }
        return Pop3Replay.describe(e);
    }

    /**
     * Four sessions to 212.227.15.166:110, each offering STLS in CAPA and never using it; three
     * send SASL PLAIN credentials in clear (stream 3 rejected at f38, streams 5 and 6 accepted),
     * and stream 3's bare AUTH (f30) is no exchange. Stream 6 retrieves three messages.
     */
    @Test
    void zeekPop3_findsThePlainLoginsOfThreeStreamsAndNoneForTheBareAuth() throws Exception {
        String caps = "Capabilities [TOP, USER, UIDL, STLS, SASL, IMPLEMENTATION]";
        String plain = "Auth PLAIN user=digitalinvestigator@networksims.com CLEARTEXT_SECRET ";
        assertEquals(List.of(
                "26272 Greeting +OK POP server ready H mimap4 0MHoUr-1VDxRD3Ui5-003eq2 @16",
                "26272 " + caps + " @20",
                "26284 Greeting +OK POP server ready H mimap8 0MHXFQ-1VDgSF1308-003NYq @29",
                "26284 " + caps + " @34",
                "26284 " + plain + "REJECTED cmd@35 @37",
                "26304 Greeting +OK POP server ready H mimap9 0MK0or-1VBlin3ixZ-001RVN @46",
                "26304 " + caps + " @50",
                "26308 Greeting +OK POP server ready H mimap13 0MW5rZ-1VayeZ2jFp-00XVZd @58",
                "26308 " + caps + " @63",
                "26308 " + plain + "ACCEPTED cmd@64 @66",
                "26383 Greeting +OK POP server ready H mimap15 0LfD5x-1VsVU4327M-00pHSn @77",
                "26383 " + caps + " @82",
                "26383 " + plain + "ACCEPTED cmd@83 @85",
                "26383 MessageTransfer RETR RETR 1\\r\\n @94",
                "26383 MessageTransfer RETR RETR 2\\r\\n @102",
                "26383 MessageTransfer RETR RETR 3\\r\\n @113"),
                events("zeek/pop3.pcap"));
    }

    /** USER/PASS in clear twice: rejected (f5-f8), then accepted (f19-f22) and RETR 5. */
    @Test
    void suricataPop3_findsTwoUserPassLogins() throws Exception {
        // The greeting's GB2312 bytes, one char per byte.
        String greeting = "Greeting +OK \u00d3\u00ca\u00bc\u00fe\u00b7\u00fe\u00ce\u00f1"
                + "\u00c6\u00f7 CMailServer 5.2 POP3 Service Ready";
        assertEquals(List.of(
                "38571 " + greeting + " @4",
                "38571 Auth USER user=test@tt.com CLEARTEXT_SECRET REJECTED cmd@5 @7",
                "38572 " + greeting + " @18",
                "38572 Auth USER user=test CLEARTEXT_SECRET ACCEPTED cmd@19 @21",
                "38572 MessageTransfer RETR RETR 5\\r\\n @34"),
                events("suricata-verify/pop3-02-bug-7709.pcap"));
    }

    /** A bare AUTH (f5, refused f7) carries nothing; CAPA f10 lists STLS; STLS f11-f13. */
    @Test
    void ndpiPop3Stls_isABareAuthAndACompletedStls() throws Exception {
        assertEquals(List.of(
                "50583 Greeting +OK lavad @4",
                "50583 Capabilities [TOP, USER, UIDL, STLS, PIPELINING, EXPIRE, LOGIN-DELAY, "
                        + "RESP-CODES, AUTH-RESP-CODE, IMPLEMENTATION] @10",
                "50583 StartTlsRequested STLS\\r\\n @11",
                "50583 StartTlsReplied +OK accepted @12",
                "50583 TlsConfirmed client @13"),
                events("ndpi/pop3_stls.pcap"));
    }

    /** Cyrus over DLT_NULL: greeting with an APOP timestamp f5, STLS f7, +OK f9, ClientHello f11. */
    @Test
    void zeekPop3Starttls_isACompletedStls() throws Exception {
        assertEquals(List.of(
                "54775 Greeting +OK ladymacbeth.local Cyrus POP3 v2.3.16 server ready "
                        + "<15125655727712503824.1400173552@ladymacbeth.local> @5",
                "54775 StartTlsRequested STLS\\r\\n @7",
                "54775 StartTlsReplied +OK accepted @9",
                "54775 TlsConfirmed client @11"),
                events("zeek/pop3-starttls.pcap"));
    }

    /** Dovecot: STLS f6, +OK f8, ClientHello f9; the handshake completes, so no failure at the RST. */
    @Test
    void wiresharkPopSsl_isACompletedStls() throws Exception {
        assertEquals(List.of(
                "47261 Greeting +OK Dovecot (Ubuntu) ready. @4",
                "47261 StartTlsRequested STLS\\r\\n @6",
                "47261 StartTlsReplied +OK accepted @8",
                "47261 TlsConfirmed client @9"),
                events("wireshark-notes/pop-ssl.pcapng"));
    }

    /** POP3S on 995: the ClientHello (f3) opens TLS at once. */
    @Test
    void ndpiPops_isImplicitTls() throws Exception {
        assertEquals(List.of("55077 TlsConfirmed client @3"), events("ndpi/pops.pcapng"));
    }

    /** AUTH NTLM f188, the authenticate message (user POP3DOM\liam) f196, "+OK Logged in" f198. */
    @Test
    void arkimeNtlm_isAChallengeResponseLogin() throws Exception {
        assertEquals(List.of(
                "50013 Greeting +OK POP3 server ready @186",
                "50013 Auth NTLM user=POP3DOM\\liam CHALLENGE_RESPONSE ACCEPTED cmd@188 @196"),
                events("arkime/ntlm_synthetic.pcap"));
    }
}
