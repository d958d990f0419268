package org.stripscope.mail.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripscope.capture.CaptureException;
import org.stripscope.capture.PcapFileSource;
import org.stripscope.decode.DecodeStatus;
import org.stripscope.decode.DecodedPacket;
import org.stripscope.decode.PacketDecoder;
import org.stripscope.mail.Protocol;
import org.stripscope.mail.SessionInfo;
import org.stripscope.mail.event.MailEvent;
import org.stripscope.tcp.FlowTable;
import org.stripscope.tcp.TcpLimits;

/**
 * The public IMAP captures of ../shared/corpus (MANIFEST.tsv there describes each session) read
 * through capture, decode and TCP into {@link ImapSession}s only (ports 143 and 993): the events
 * are checked whole against what the manifest says is on the wire.
 */
class ImapCorpusTest {

    private static final Path CORPUS = Path.of(System.getProperty("stripscope.root", ".."))
            .toAbsolutePath().normalize().getParent().resolve("shared/corpus");

    /** Every event of every IMAP session of one capture, described as in the transcript tests. */
    static List<String> events(String file) throws Exception {
        return events(file, null);
    }

    /** @param damaged the file, when it is known to end in damage */
    static List<String> events(String file, String damaged) throws Exception {
        Path capture = CORPUS.resolve(file);
        assumeTrue(Files.isRegularFile(capture), "no public corpus file " + capture);
        List<MailEvent> events = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket packet = new DecodedPacket();
        long[] id = {0};
        FlowTable flows = new FlowTable(TcpLimits.defaults(), port -> port == 143 || port == 993,
                (e, frame, time) -> new ImapSession(new SessionInfo(file, ++id[0], Protocol.IMAP,
                        e.clientAddress(), e.clientPort(), e.serverAddress(), e.serverPort(),
                        e.handshakeSeen()), events::add, e.serverPort() == 993));
        long frame = 0;
        long time = 0;
        try (PcapFileSource source = PcapFileSource.open(capture)) {
            while (source.next()) {
                frame = source.frame();
                time = source.timestampMicros();
                if (decoder.decode(source.linkType(), source.data(), source.capturedLength(),
                        packet) == DecodeStatus.TCP) {
                    flows.onPacket(packet, frame, time);
                }
            }
        } catch (CaptureException e) {
            // A damaged file: what was read before the damage is still analysed.
            assertEquals(damaged, file, e.getMessage());
        }
        flows.closeAll(frame, time);
        List<String> out = new ArrayList<>();
        for (MailEvent e : events) {
            out.add(e.session().clientPort() + " " + ImapReplay.describe(e));
        }
        return out;
    }

    private static void expect(String file, String... events) throws Exception {
        assertEquals(List.of(events), events(file), file);
    }

    @Test
    void zeekStarttls_isConfirmedByTheClientHello() throws Exception {
        // Greeting f4 and CAPABILITY f8 both list STARTTLS; ". STARTTLS" f10, OK f11, ClientHello f14.
        String caps = "[IMAP4rev1, CHILDREN, ENABLE, ID, IDLE, LIST-EXTENDED, LIST-STATUS, LITERAL+, "
                + "MOVE, NAMESPACE, SASL-IR, SORT, SPECIAL-USE, THREAD=ORDEREDSUBJECT, UIDPLUS, "
                + "UNSELECT, WITHIN, STARTTLS, AUTH=LOGIN, AUTH=PLAIN]";
        expect("zeek/imap-starttls.pcap",
                "49640 Greeting OK [CAPABILITY " + caps.substring(1, caps.length() - 1).replace(",", "")
                        + "] IMAP server ready H migmx013 104568 IMAP-0M0Unb-1YwIOs2b5K-00uE1x @4",
                "49640 Capabilities null " + caps + " first@4 @4",
                "49640 Capabilities CAPABILITY " + caps + " first@8 @8",
                "49640 StartTlsRequested . STARTTLS\\r\\n @10",
                "49640 StartTlsReplied OK accepted @11",
                "49640 TlsConfirmed client @14",
                "49640 Closed fin TLS @31");
    }

    @Test
    void mercuryDovecotStarttls_isConfirmedByTheClientHello() throws Exception {
        String caps = "[IMAP4rev1, LITERAL+, SASL-IR, LOGIN-REFERRALS, ID, ENABLE, IDLE, STARTTLS, "
                + "AUTH=PLAIN]";
        expect("cisco-mercury/imap2-dovecot-starttls.pcap",
                "53477 Greeting OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE "
                        + "IDLE STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready. @4",
                "53477 Capabilities null " + caps + " first@4 @4",
                "53477 Capabilities CAPABILITY " + caps + " first@8 @8",
                "53477 StartTlsRequested . STARTTLS\\r\\n @9",
                "53477 StartTlsReplied OK accepted @11",
                "53477 TlsConfirmed client @12",
                "53477 Closed rst TLS @41");
    }

    @Test
    void dovecotWithLogindisabled_listsItAsACapabilityAndStartsTls() throws Exception {
        expect("chrissanders-packets/mail_receiver_server_3.pcapng",
                "51147 Greeting OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE "
                        + "IDLE STARTTLS LOGINDISABLED] Dovecot (Ubuntu) ready. @19",
                "51147 Capabilities null [IMAP4rev1, LITERAL+, SASL-IR, LOGIN-REFERRALS, ID, ENABLE, "
                        + "IDLE, STARTTLS, LOGINDISABLED] first@19 @19",
                "51147 StartTlsRequested 1 STARTTLS\\r\\n @21",
                "51147 StartTlsReplied OK accepted @23",
                "51147 TlsConfirmed client @24",
                "51147 Closed end_of_capture TLS @54");
    }

    @Test
    void exchangeLoginInPlaintext_reportsTheUserAndOneFullMessageFetch() throws Exception {
        // The header listings (BODY[HEADER.FIELDS (...)]) are no message transfer; the
        // "FETCH 12 RFC822" at f44 is.
        expect("arkime/imap.pcap",
                "4167 Greeting OK Microsoft Exchange IMAP4rev1 server version 5.5.2650.23 "
                        + "(umr-mail02) ready @4",
                "4167 Capabilities CAPABILITY [IMAP4, IMAP4rev1, IDLE, LITERAL+, LOGIN-REFERRALS, "
                        + "MAILBOX-REFERRALS, NAMESPACE, AUTH=NTLM] first@7 @7",
                "4167 Auth LOGIN user=neulingern CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=a0001 LOGIN \"neulingern\" <redacted 6 bytes>\\r\\n cmd@8 @8",
                "4167 MessageTransfer FETCH * 12 FETCH (RFC822 {3339}\\r\\n @44",
                "4167 Closed fin COMMAND @123");
    }

    @Test
    void ndpiLoginInPlaintext_reportsTheUser() throws Exception {
        expect("ndpi/imap.pcap",
                "46045 Greeting OK IMAP4Rev1 Server Version 4.9.04.012 @4",
                "46045 Capabilities CAPABILITY [IMAP4rev1, IDLE, AUTH=LOGIN, AUTH=PLAIN, AUTH=CRAM-MD5] "
                        + "first@7 @7",
                "46045 Auth LOGIN user=samir CLEARTEXT_SECRET ACCEPTED OK "
                        + "ev=C00001 LOGIN samir <redacted 5 bytes>\\r\\n cmd@11 @11",
                "46045 Closed end_of_capture COMMAND @33");
    }

    @Test
    void serverSideOnlyCapture_infersThePlaintextLoginAtFrame7() throws Exception {
        String caps = "[IMAP4rev1, XLIST, SPECIAL-USE, ID, LITERAL+, STARTTLS, XAPPLEPUSHSERVICE, "
                + "UIDPLUS, X-CM-EXT-1]";
        expect("suricata-verify/tcp-async-01-imap-server-side-only.pcap",
                "55774 Greeting OK Coremail System IMap Server "
                        + "Ready(163com[b62aaa251425b4be4eaec4ab4744cf47]) @2",
                "55774 Capabilities CAPABILITY " + caps + " first@4 @4",
                "55774 Auth LOGIN user=null NOT_CAPTURED ACCEPTED OK "
                        + "ev=C3 OK LOGIN completed\\r\\n cmd@7 @7",
                "55774 Capabilities CAPABILITY " + caps + " first@9 @9",
                "55774 Capabilities CAPABILITY " + caps + " first@10 @10",
                "55774 MessageTransfer FETCH * 21 FETCH (UID 1320886124 BODY[] {180237}\\r\\n @13",
                // The client's bytes the server acknowledged are a hole in the missing direction.
                "55774 Gap client 484 @139",
                "55774 Anomaly client-direction-not-captured @139",
                "55774 Closed end_of_capture COMMAND @139");
    }

    @Test
    void ntlmAuthenticate_isChallengeResponseWithTheDecodedUser() throws Exception {
        expect("arkime/ntlm_synthetic.pcap",
                "50012 Greeting OK IMAP4rev1 server ready @162",
                "50012 Auth NTLM user=IMAPDOM\\kate CHALLENGE_RESPONSE ACCEPTED OK "
                        + "ev=a001 AUTHENTICATE NTLM\\r\\n<redacted 76 bytes>\\r\\n"
                        + "<redacted 256 bytes>\\r\\n cmd@164 @172",
                "50012 Closed fin COMMAND @181");
    }

    @Test
    void implicitTls993_isConfirmedAtTheClientHello() throws Exception {
        // The handshake completes (ChangeCipherSpec both ways at f13 and f14, server application
        // data, the encrypted greeting, at f16); the client then closes with an encrypted
        // close_notify alert at f18 without sending a command: no failed handshake.
        expect("zeek/telesec-imaps-993.pcap",
                "65343 TlsConfirmed client @4",
                "65343 Closed fin TLS @21");
    }

    @Test
    void implicitTlsMidSession_isConfirmedByServerApplicationData() throws Exception {
        expect("ndpi/6in4tunnel-imaps.pcap",
                "56381 TlsConfirmed server @62",
                "35610 TlsConfirmed server @63",
                "56381 Anomaly client-direction-not-captured @127",
                "56381 Closed end_of_capture TLS @127",
                "35610 Anomaly client-direction-not-captured @127",
                "35610 Closed end_of_capture TLS @127");
    }

    @Test
    void damagedCapture_reportsTheLoginReadBeforeTheDamage() throws Exception {
        // f8 holds the LOGIN line (one X of the password lost) and one stray byte after its CRLF.
        assertEquals(List.of(
                "4167 Greeting OK Microsoft Exchange IMAP4rev1 server version 5.5.2650.23 "
                        + "(umr-mail02) ready @4",
                "4167 Capabilities CAPABILITY [IMAP4, IMAP4rev1, IDLE, LITERAL+, LOGIN-REFERRALS, "
                        + "MAILBOX-REFERRALS, NAMESPACE, AUTH=NTLM] first@7 @7",
                "4167 Anomaly bad-command-line @8",
                "4167 Auth LOGIN user=neulingern CLEARTEXT_SECRET UNKNOWN null "
                        + "ev=a0001 LOGIN \"neulingern\" <redacted 5 bytes>\\r\\n cmd@8 @8",
                "4167 Closed end_of_capture COMMAND @8"),
                events("peafowl/imap-truncated-file.cap", "peafowl/imap-truncated-file.cap"));
    }
}
