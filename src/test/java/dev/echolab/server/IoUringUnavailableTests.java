package dev.echolab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code io-uring} model where io_uring cannot run. Netty decides once per JVM whether a native transport loads,
 * so this runs only in a JVM of its own with {@code -Dio.netty.transport.noNative=true} (the {@code no-native}
 * Surefire execution; the default one leaves it out, and its conformance suite runs the model in full).
 */
@Timeout(30)
class IoUringUnavailableTests {

    @Test
    void theModelIsUnavailableWithNettysReasonAndAStartIsRefusedWithA409SayingWhy() {
        assumeTrue(Boolean.getBoolean("io.netty.transport.noNative"), "needs -Dio.netty.transport.noNative=true");
        EchoServers servers = new EchoServers(model -> ServerSettings.loopback(), model -> true);

        assertThat(IoModel.IO_URING.unavailability())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("io_uring is not available")
                        .contains("noNative"));
        EchoServers.ServerStatus status = servers.status(IoModel.IO_URING);
        assertThat(status.state()).isEqualTo(EchoServers.State.UNAVAILABLE);
        assertThat(status.lastError())
                .isEqualTo(IoModel.IO_URING.unavailability().orElseThrow());

        servers.startEnabled(); // the others start; io-uring stays UNAVAILABLE and nothing fails
        try {
            assertThat(servers.status(IoModel.IO_URING).state()).isEqualTo(EchoServers.State.UNAVAILABLE);
            assertThat(servers.status(IoModel.ASYNC).state()).isEqualTo(EchoServers.State.RUNNING);
            assertThat(servers.status(IoModel.NETTY).transport())
                    .as("netty falls back to NIO, and says so")
                    .isEqualTo("nio");
            assertThat(EchoServersHealth.health(servers, IoModel.IO_URING)
                            .getStatus()
                            .getCode())
                    .isEqualTo("UP");
            assertThatThrownBy(() -> servers.start(IoModel.IO_URING, 0))
                    .isInstanceOf(EchoServers.UnavailableException.class)
                    .hasMessage(IoModel.IO_URING.unavailability().orElseThrow());
            assertThatThrownBy(() -> new ServersController(servers).start("io-uring", null))
                    .isInstanceOfSatisfying(ModelUnavailableException.class, e -> {
                        assertThat(e.getStatusCode().value()).isEqualTo(409);
                        assertThat(e.getBody().getType()).isEqualTo(ServerProblemType.MODEL_UNAVAILABLE.uri());
                        assertThat(e.getBody().getDetail())
                                .startsWith("io-uring cannot run on this machine: ")
                                .contains("noNative");
                    });
        } finally {
            servers.stopAll();
        }
    }
}
