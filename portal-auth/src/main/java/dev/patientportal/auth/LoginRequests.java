package dev.patientportal.auth;

/** What the {@link LoginRequest} records share beyond their components. */
final class LoginRequests {
    private LoginRequests() {}

    /**
     * The {@code toString} of a request: its kind and institution only, since the identifiers are personal data.
     *
     * @param request the request
     * @return for example {@code TajAndPhone[institution=...]}
     */
    static String redacted(LoginRequest request) {
        return request.getClass().getSimpleName() + "[institution=" + request.institution() + "]";
    }
}
