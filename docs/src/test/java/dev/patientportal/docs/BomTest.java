package dev.patientportal.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM a host imports manages what the docs tell it to add, at the versions the build tests with: the snippets of
 * {@code docs/notifications.md} and {@code docs/dependencies.md} give no versions and rely on it.
 */
class BomTest {
    private static final List<String> OPTIONAL_THIRD_PARTY = List.of(
            "com.twilio.sdk:twilio",
            "com.google.firebase:firebase-admin",
            "com.google.http-client:google-http-client-jackson2",
            "ca.uhn.hapi.fhir:hapi-fhir-base",
            "ca.uhn.hapi.fhir:hapi-fhir-structures-r4");

    @Test
    @DisplayName(
            "portal-bom manages every published module and the optional third-party artifacts at the tested versions")
    void bomManagesWhatTheDocsLeaveUnversioned() throws Exception {
        Path root = Path.of(System.getProperty("portal.docs.root", ".."))
                .toAbsolutePath()
                .normalize();
        Map<String, String> parent = managed(parse(root.resolve("pom.xml")));
        Map<String, String> bom = managed(parse(root.resolve("portal-bom/pom.xml")));

        for (String module : List.of(
                "portal-core",
                "portal-auth",
                "portal-notify",
                "portal-jpa",
                "portal-testkit",
                "portal-tck",
                "portal-export",
                "portal-micrometer",
                "portal-spring-boot-starter")) {
            assertThat(bom).as("the BOM manages " + module).containsKey("dev.patientportal:" + module);
        }
        for (String artifact : OPTIONAL_THIRD_PARTY) {
            assertThat(bom.get(artifact))
                    .as("the BOM's version of " + artifact)
                    .isNotNull()
                    .isEqualTo(parent.get(artifact));
        }
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** groupId:artifactId to version, with {@code ${property}} resolved from the pom's own properties. */
    private static Map<String, String> managed(Document pom) {
        Map<String, String> properties = new LinkedHashMap<>();
        @Nullable Element props = child(pom.getDocumentElement(), "properties");
        if (props != null) {
            NodeList all = props.getChildNodes();
            for (int i = 0; i < all.getLength(); i++) {
                if (all.item(i) instanceof Element e) {
                    properties.put(e.getTagName(), e.getTextContent().strip());
                }
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        @Nullable Element management = child(pom.getDocumentElement(), "dependencyManagement");
        @Nullable Element dependencies = management == null ? null : child(management, "dependencies");
        if (dependencies == null) {
            return versions;
        }
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            @Nullable Element version = child(d, "version");
            String text = version == null ? "" : version.getTextContent().strip();
            if (text.startsWith("${") && text.endsWith("}")) {
                text = properties.getOrDefault(text.substring(2, text.length() - 1), text);
            }
            versions.put(text(d, "groupId") + ":" + text(d, "artifactId"), text);
        }
        return versions;
    }

    private static String text(Element parent, String name) {
        @Nullable Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().strip();
    }

    private static @Nullable Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
