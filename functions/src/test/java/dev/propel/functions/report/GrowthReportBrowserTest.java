package dev.propel.functions.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.propel.s3.embedded.EmbeddedS3;
import dev.propel.s3.embedded.EmbeddedS3Extension;
import dev.propel.testkit.LambdaTestContext;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The growth report of a simulated shop — real stats from the real datasets stage, real model versions from the
 * model-builder, decision events in clean/ — published by the real handler, then opened in headless Chromium with
 * the model-builder's own report.html: every chart must have drawn (non-empty SVG bounding box), nothing may be
 * logged to the console, nothing fetched, and the screenshot must show a page. Skipped, saying so, only where no
 * Chromium is installed. Set {@code -Dpropel.report.screenshot=FILE} to keep the report's screenshot (how
 * docs/growth-report.png is made).
 */
@ExtendWith(EmbeddedS3Extension.class)
class GrowthReportBrowserTest {
    private static final String BUCKET = "growth-report-browser";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-08T02:00:00Z"), ZoneOffset.UTC);
    private static final Set<String> CHARTS = Set.of("chart-funnel", "chart-rates", "chart-orders",
            "chart-revenue", "chart-visitors", "chart-retention", "chart-top-items", "chart-model-conversion",
            "chart-decisions");
    private static final Path OUT = Path.of("target", "growth-report-browser");

    private static SimulatedShop.Built shop;
    private static Map<String, Object> answer;
    private static String html;

    @BeforeAll
    static void publishTheReport(EmbeddedS3 s3) {
        s3.createBucket(BUCKET);
        try (S3Client client = s3.client()) {
            shop = SimulatedShop.build(client, BUCKET);
            answer = new GrowthReportHandler(client, BUCKET, CLOCK).handleRequest(
                    Map.of("from", shop.range().from().toString(), "to", shop.range().to().toString()),
                    new LambdaTestContext("report-1", "GrowthReportFunction"));
            html = client.getObjectAsBytes(b -> b.bucket(BUCKET).key((String) answer.get("key")))
                    .asString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theReportShowsEverySectionOfTheShop() {
        assertEquals(GrowthReport.pageKey(shop.range().to()), answer.get("key"), String.valueOf(answer));
        assertEquals(GrowthReport.LATEST_KEY, answer.get("latest"));
        assertEquals(SimulatedShop.DAYS, answer.get("days_with_stats"), String.valueOf(answer));
        assertEquals(0, answer.get("days_missing"));
        assertEquals(shop.modelVersions(), answer.get("model_versions"));
        assertTrue((Integer) answer.get("decision_groups") >= 6, String.valueOf(answer));
        assertEquals(0, answer.get("notes"), String.valueOf(answer));
        GrowthReportPageTest.assertClean(html);
        for (String chart : CHARTS) {
            assertTrue(html.contains("id=\"" + chart + "\""), "missing " + chart);
        }
    }

    @Test
    void theReportAndTheModelReportRenderInChromium() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            System.err.println("GrowthReportBrowserTest: SKIPPED, no Chromium found (install Debian's chromium"
                    + " package, or set PROPEL_CHROMIUM); .ci/run installs it where apt-get exists");
        }
        Assumptions.assumeTrue(chromium.isPresent(), "no Chromium found: apt-get install chromium");
        Files.createDirectories(OUT);
        HeadlessChromium browser = new HeadlessChromium(chromium.get(), Files.createTempDirectory(OUT, "run-"));
        Path report = OUT.resolve("growth-report.html");
        Files.writeString(report, html, StandardCharsets.UTF_8);
        Path model = OUT.resolve("model-report.html");
        Files.write(model, shop.modelReportHtml());

        HeadlessChromium.PageCheck r = browser.check(report);
        assertDrawn(r, "growth report");
        Set<String> ids = r.boxes().stream().map(HeadlessChromium.Box::id).collect(Collectors.toSet());
        assertEquals(new TreeSet<>(CHARTS), new TreeSet<>(ids), "the charts the browser drew");
        assertTrue(r.title().startsWith("Propel growth report"), r.title());

        HeadlessChromium.PageCheck m = browser.check(model);
        assertDrawn(m, "model report");
        assertEquals(4, m.boxes().size(), "ROC, precision-recall, calibration and loss plots: " + m.boxes());

        Path shot = OUT.resolve("growth-report.png");
        browser.screenshot(report, shot, 1280, 2400);
        assertPicture(shot, 1280, 2400);
        Path modelShot = OUT.resolve("model-report.png");
        browser.screenshot(model, modelShot, 1280, 1600);
        assertPicture(modelShot, 1280, 1600);
        String keep = System.getProperty("propel.report.screenshot");
        if (keep != null && !keep.isBlank()) {
            Files.copy(shot, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void assertDrawn(HeadlessChromium.PageCheck c, String page) {
        assertTrue(!c.boxes().isEmpty(), page + ": no SVG at all");
        for (HeadlessChromium.Box b : c.boxes()) {
            assertTrue(b.width() > 10 && b.height() > 10 && b.shapes() > 3, page + ": chart " + b.id()
                    + " drew nothing: " + b);
        }
        assertEquals(List.of(), c.errors(), page + ": script or load errors");
        assertEquals(List.of(), c.console(), page + ": console messages");
        assertEquals(List.of(), c.resources(), page + ": the page fetched something, it is not self-contained");
    }

    /** The PNG decodes at the window size and is not blank: a good share of its pixels are not background. */
    private static void assertPicture(Path png, int width, int height) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth());
        assertEquals(height, img.getHeight());
        long ink = 0;
        for (int y = 0; y < height; y += 4) {
            for (int x = 0; x < width; x += 4) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                ink += rgb != 0xffffff ? 1 : 0;
            }
        }
        double share = ink / ((width / 4.0) * (height / 4.0));
        assertTrue(share > 0.02, png + " looks blank (" + share + " of pixels drawn)");
    }
}
