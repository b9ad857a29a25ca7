package dev.patientportal.micrometer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The SMS segment oracle computed outside the code (shared testdata/sms-segments.jsonl, Perl's Encode::GSM0338). */
final class SmsOracle {
    /** One line: a text and the segments it takes. */
    record Case(String text, String encoding, int segments) {}

    private SmsOracle() {}

    /**
     * Multi-segment texts that can serve as a template as they are (no braces, no line breaks), some of each encoding.
     */
    static List<Case> templateCases(int perEncoding) {
        List<Case> gsm = new ArrayList<>();
        List<Case> ucs = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = Objects.requireNonNull(SmsOracle.class.getResourceAsStream("/sms-segments.jsonl"));
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode n = json.readTree(line);
                String text = n.get("text").asText();
                int segments = n.get("segments").asInt();
                if (segments < 2
                        || text.contains("{")
                        || text.contains("}")
                        || text.contains("\n")
                        || text.contains("\r")
                        || !text.equals(text.strip())) {
                    continue;
                }
                Case c = new Case(text, n.get("encoding").asText(), segments);
                List<Case> into = c.encoding().equals("GSM7") ? gsm : ucs;
                if (into.size() < perEncoding) {
                    into.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> all = new ArrayList<>(gsm);
        all.addAll(ucs);
        return all;
    }
}
