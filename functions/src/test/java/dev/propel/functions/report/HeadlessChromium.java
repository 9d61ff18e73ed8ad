package dev.propel.functions.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium driven from the command line, to check a self-contained HTML page in a real browser.
 *
 * <p>How a page is checked, and why this way: the simplest robust route is two plain command-line runs, no
 * DevTools protocol client. (1) A copy of the page gets a probe script as the first element of its head; it
 * records script errors and failed loads (capturing {@code error} listener) and {@code console.error} calls, and
 * once the page has loaded writes into the DOM, as JSON, each SVG's {@code getBBox()} (the box of what was
 * actually drawn), every resource the page fetched, and those errors. {@code --dump-dom} prints the DOM after
 * load, so the JSON comes back on standard output. The same run has {@code --enable-logging=stderr --v=0}, which
 * copies every console message to standard error as a {@code :CONSOLE} line — including the ones the browser
 * itself raises and no script can catch, such as an SVG attribute it cannot parse ({@code <path> attribute d:
 * Expected number}). A page without scripts should log nothing at all, so any such line is an error. (2) The
 * original page, without the probe, is rendered with {@code --screenshot}.
 */
final class HeadlessChromium {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBE_ID = "propel-probe";
    private static final String PROBE = "<script>(function(){var errors=[];"
            + "window.addEventListener('error',function(e){var t=e.target;errors.push('error: '+(e.message"
            + "||(t&&(t.src||t.href))||'a resource failed to load'));},true);"
            + "window.addEventListener('unhandledrejection',function(e){errors.push('rejection: '+e.reason);});"
            + "var ce=console.error;console.error=function(){errors.push('console.error: '"
            + "+Array.prototype.slice.call(arguments).join(' '));return ce.apply(console,arguments);};"
            + "window.addEventListener('load',function(){var svgs=[].slice.call(document.querySelectorAll('svg'));"
            + "var boxes=svgs.map(function(s,i){var b=s.getBBox();var f=s.closest('figure');"
            + "return {id:f&&f.id?f.id:'svg-'+i,width:b.width,height:b.height,"
            + "shapes:s.querySelectorAll('rect,path,line,circle,polygon,polyline,text').length};});"
            + "var out={boxes:boxes,errors:errors,resources:performance.getEntriesByType('resource')"
            + ".map(function(r){return r.name;}),title:document.title};var pre=document.createElement('pre');"
            + "pre.id='" + PROBE_ID + "';pre.textContent=JSON.stringify(out);document.body.appendChild(pre);});"
            + "})();</script>";
    private static final long TIMEOUT_SECONDS = 60;

    /** What the browser saw of a page. */
    record PageCheck(List<Box> boxes, List<String> errors, List<String> resources, List<String> console,
            String title) {
    }

    /** The drawn box of one SVG, named by its figure's id. */
    record Box(String id, double width, double height, int shapes) {
    }

    private final Path binary;
    private final Path work;

    HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** Chromium's executable: {@code $PROPEL_CHROMIUM}, else Debian's {@code /usr/bin/chromium}, else the PATH. */
    static Optional<Path> find() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getenv("PROPEL_CHROMIUM");
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Loads a copy of the page with the probe and returns what it found. */
    PageCheck check(Path page) throws IOException, InterruptedException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int head = html.indexOf("<head>");
        if (head < 0) {
            throw new AssertionError(page + " has no <head>");
        }
        Path probed = work.resolve("probed-" + page.getFileName());
        Files.writeString(probed, html.substring(0, head + 6) + PROBE + html.substring(head + 6),
                StandardCharsets.UTF_8);
        Run run = run("probe", "--enable-logging=stderr", "--v=0", "--dump-dom", probed.toUri().toString());
        String dom = run.stdout();
        String open = "<pre id=\"" + PROBE_ID + "\">";
        int start = dom.indexOf(open);
        int end = start < 0 ? -1 : dom.indexOf("</pre>", start);
        if (start < 0 || end < 0) {
            throw new AssertionError("the probe wrote nothing (page did not load?); stderr:\n" + run.stderr());
        }
        String text = dom.substring(start + open.length(), end).replace("&lt;", "<").replace("&gt;", ">")
                .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
        JsonNode out = JSON.readTree(text);
        List<Box> boxes = new ArrayList<>();
        out.get("boxes").forEach(b -> boxes.add(new Box(b.get("id").asText(), b.get("width").asDouble(),
                b.get("height").asDouble(), b.get("shapes").asInt())));
        List<String> errors = new ArrayList<>();
        out.get("errors").forEach(e -> errors.add(e.asText()));
        List<String> resources = new ArrayList<>();
        out.get("resources").forEach(r -> resources.add(r.asText()));
        List<String> console = run.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList();
        return new PageCheck(boxes, errors, resources, console, out.get("title").asText());
    }

    /** Renders the page as it is into a PNG of the given window size. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        Run run = run("shot", "--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString());
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("no screenshot written; stderr:\n" + run.stderr());
        }
    }

    private record Run(String stdout, String stderr) {
    }

    private Run run(String name, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(work, "profile-")));
        cmd.addAll(List.of(args));
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + cmd);
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
