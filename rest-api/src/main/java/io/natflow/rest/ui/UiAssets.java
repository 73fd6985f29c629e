package io.natflow.rest.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The fixed set of files the page serves, by request path: nothing else on the class path is
 * reachable, so no request can name its way to another resource. A missing file stops startup.
 */
final class UiAssets {
    /** The path the page itself is served at (the context root). */
    static final String PAGE = "/";

    static final String ASSETS = "/assets/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final Map<String, UiAsset> byPath;

    private UiAssets(Map<String, UiAsset> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** The page's own files from {@code /assets} and uPlot from its webjar, whatever version the pom brought. */
    static UiAssets load() {
        Map<String, UiAsset> files = new LinkedHashMap<>();
        files.put(PAGE, read("/assets/index.html", "text/html; charset=utf-8"));
        for (String name : new String[] {
            "app.js", "api.js", "dom.js", "format.js", "overview.js", "mappings.js", "forwards.js", "plots.js"
        }) {
            files.put(ASSETS + name, read("/assets/" + name, "text/javascript; charset=utf-8"));
        }
        files.put(ASSETS + "style.css", read("/assets/style.css", "text/css; charset=utf-8"));
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/";
        files.put(ASSETS + "uPlot.min.js", read(uplot + "dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"));
        files.put(ASSETS + "uPlot.min.css", read(uplot + "dist/uPlot.min.css", "text/css; charset=utf-8"));
        files.put(ASSETS + "uPlot.LICENSE.txt", read(uplot + "LICENSE", "text/plain; charset=utf-8"));
        return new UiAssets(files);
    }

    /** The file served at this path, or null. */
    UiAsset at(String path) {
        return byPath.get(path);
    }

    private static String uplotVersion() {
        Properties pom = new Properties();
        try (InputStream in = open(UPLOT_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
        String version = pom.getProperty("version", "");
        if (!version.matches("[0-9A-Za-z.-]+")) {
            throw new IllegalStateException(UPLOT_POM + " names no usable version: '" + version + "'");
        }
        return version;
    }

    private static UiAsset read(String resource, String contentType) {
        try (InputStream in = open(resource)) {
            byte[] bytes = in.readAllBytes();
            return new UiAsset(bytes, contentType, etag(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web page's " + resource, e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = UiAssets.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the class path (a broken build?)");
        }
        return in;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }
}
