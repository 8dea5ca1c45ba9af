package dev.echolab.stress;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * A server outside this process, in a request's {@code targets}: {@code "host:port"}, or
 * {@code {"address": "host:port", "model": "netty"}} to say which model serves there, so that its results and the
 * load generator's metrics carry that model's name and a dashboard can join them with the server's own. The command
 * line writes the same as {@code host:port=netty} ({@link #parse}). Whether the address is {@code host:port} is
 * checked with the rest of the request ({@link StressLimitsValidator}), so both answer with the same words.
 *
 * @param address {@code host:port}; must be listed exactly in {@code echo.stress.allowed-targets}
 * @param model   what serves there, for results and metric tags; null when not said
 */
public record StressTarget(
        @NotBlank String address,

        @Pattern(regexp = MODEL_ID, message = "must be a model id: lower-case letters, digits and '-', at most 40")
        String model) {

    /**
     * What a model id looks like: every {@code IoModel} id, and what a target may call the model serving there (a
     * server of another build may have models this one lacks).
     */
    public static final String MODEL_ID = "[a-z0-9][a-z0-9-]{0,39}";

    /** What the address must be, in the words every answer uses. */
    static final String NOT_HOST_PORT = "must be host:port with a port from 1 to 65535";

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public StressTarget {}

    /** A plain {@code "host:port"}, as requests gave it before targets could name their model. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static StressTarget of(String address) {
        return new StressTarget(address, null);
    }

    /**
     * The command line's form: {@code host:port}, or {@code host:port=model}. Nothing is checked here: the request's
     * validation says what is wrong, as it does for the API.
     */
    public static StressTarget parse(String text) {
        int equals = text.lastIndexOf('=');
        return equals < 0 ? of(text) : new StressTarget(text.substring(0, equals), text.substring(equals + 1));
    }

    /** What a result and a metric tag call it: the model when named, else the address. */
    public String label() {
        return model == null ? address : model;
    }

    /**
     * Where to connect, not yet looked up in DNS ({@link InetSocketAddress#createUnresolved}); null when the address
     * is not {@code host:port} with a port from 1 to 65535 (an IPv6 host in brackets: {@code [::1]:7009}).
     */
    public InetSocketAddress socketAddress() {
        if (address == null) {
            return null;
        }
        try {
            URI uri = new URI("tcp://" + address);
            boolean hostAndPortOnly = uri.getHost() != null
                    && uri.getUserInfo() == null
                    && uri.getPath().isEmpty()
                    && uri.getQuery() == null
                    && uri.getFragment() == null;
            if (hostAndPortOnly && uri.getPort() >= 1 && uri.getPort() <= 65535) {
                String host = uri.getHost();
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                return InetSocketAddress.createUnresolved(host, uri.getPort());
            }
        } catch (URISyntaxException e) {
            // not host:port: said by the caller
        }
        return null;
    }

    /** As the command line writes it: {@code host:port}, or {@code host:port=model}. */
    @Override
    public String toString() {
        return model == null ? address : address + "=" + model;
    }

    /** Written back as it came: a plain string when no model is named. */
    @JsonValue
    Object json() {
        return model == null ? address : Map.of("address", address, "model", model);
    }
}
