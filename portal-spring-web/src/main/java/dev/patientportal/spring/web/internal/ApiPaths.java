package dev.patientportal.spring.web.internal;

import jakarta.servlet.http.HttpServletRequest;

/** Whether a request is the API's: by its decoded path within the application, as Spring MVC matches it. */
final class ApiPaths {
    private ApiPaths() {}

    /**
     * Whether the request's path lies under the base path. The container's decoded, normalised path (servlet path and
     * path info, without {@code ;} parameters) is the one Spring matches; the raw request URI is not, so a
     * {@code /portal/%61pi/...} would pass a check on it and still reach an endpoint.
     *
     * @param request the request
     * @param basePath the API's base path
     * @return {@code true} for the API's requests
     */
    static boolean isUnder(HttpServletRequest request, String basePath) {
        String info = request.getPathInfo();
        String path = request.getServletPath() + (info == null ? "" : info);
        return path.equals(basePath) || path.startsWith(basePath + "/");
    }
}
