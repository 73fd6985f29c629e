package io.natflow.rest.ui;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Serves {@link UiAssets}' files (GET, and HEAD through HttpServlet); any other path under it is a 404. */
final class UiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient UiAssets assets;

    UiServlet(UiAssets assets) {
        this.assets = assets;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        UiAsset asset = assets.at(path.isEmpty() ? UiAssets.PAGE : path);
        if (asset == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such file of the web page");
            return;
        }
        PageHeaders.apply(response);
        response.setHeader("ETag", asset.etag());
        if (asset.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(asset.contentType());
        response.setContentLength(asset.bytes().length);
        response.getOutputStream().write(asset.bytes());
    }
}
