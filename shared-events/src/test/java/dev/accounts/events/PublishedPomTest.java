package dev.accounts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The POM that {@code install} publishes with this jar (the flatten plugin writes it before the tests run) stands
 * alone: no parent to resolve, and jackson-annotations, at a written-out version, as its only dependency.
 */
class PublishedPomTest {

    private static final Path POM = Path.of(System.getProperty("basedir", "."), ".flattened-pom.xml");

    @Test
    void hasNoParent() throws Exception {
        assertThat(pom().getElementsByTagName("parent").getLength()).isZero();
    }

    @Test
    void bringsOnlyJacksonAnnotations() throws Exception {
        NodeList dependencies = pom().getElementsByTagName("dependency");
        List<String> coordinates = new ArrayList<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            coordinates.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId") + ":"
                    + text(dependency, "scope"));
            assertThat(text(dependency, "version")).as("version of %s", text(dependency, "artifactId")).isNotBlank();
        }

        assertThat(coordinates).containsExactly("com.fasterxml.jackson.core:jackson-annotations:compile");
    }

    private static Document pom() throws Exception {
        assertThat(POM).as("the flattened POM; build with Maven (process-resources writes it)").exists();
        try (var in = Files.newInputStream(POM)) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
