package dev.patientportal.notify.twilio;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * A Twilio SDK HTTP client that sends the SDK's real requests to a loopback server instead of api.twilio.com, and
 * fails like the SDK's own {@code NetworkHttpClient}: I/O problems become an {@link ApiException} with the cause.
 */
final class LoopbackTwilioHttpClient extends HttpClient {
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final int port;
    private final Duration readTimeout;

    LoopbackTwilioHttpClient(int port, Duration readTimeout) {
        this.port = port;
        this.readTimeout = readTimeout;
    }

    @Override
    public Response makeRequest(Request request) {
        URL url = request.constructURL();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url.getFile()))
                .timeout(readTimeout)
                .header("X-Original-Host", url.getHost());
        if (request.requiresAuthentication()) {
            b.header("Authorization", request.getAuthString());
        }
        request.getHeaderParams().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        b.header("Content-Type", "application/x-www-form-urlencoded");
        b.method(request.getMethod().toString(), HttpRequest.BodyPublishers.ofString(request.encodeFormBody()));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Header[] headers = r.headers().map().entrySet().stream()
                    .flatMap(e -> e.getValue().stream().map(v -> new BasicHeader(e.getKey(), v)))
                    .toArray(Header[]::new);
            return new Response(r.body(), r.statusCode(), headers);
        } catch (IOException e) {
            throw new ApiException("Request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted", e);
        }
    }
}
