package dev.echolab.server;

import static dev.echolab.server.TestClients.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code echo.bind-address} is where every server listens, and only there. Uses 127.0.0.2, which Linux routes to
 * the loopback interface like all of 127/8.
 */
@Timeout(30)
class EchoServersBindAddressTests {

    private EchoServers servers;

    @AfterEach
    void stopAll() {
        if (servers != null) {
            servers.stopAll();
        }
    }

    @Test
    void everyServerListensOnTheBindAddressOnly() throws IOException {
        servers = EchoServersHealthTests.servers(Map.of("echo.bind-address", "127.0.0.2"));
        InetAddress bound = InetAddress.getByName("127.0.0.2");
        for (IoModel model : IoModel.values()) {
            EchoServers.ServerStatus status = servers.start(model, null);
            assertThat(status.bindAddress()).isEqualTo("127.0.0.2");
            try (Socket client = connect(bound, status.port())) {
                client.getOutputStream().write('x');
                assertThat(client.getInputStream().read()).as(model.id()).isEqualTo('x');
            }
            assertThatThrownBy(() -> connect(InetAddress.getLoopbackAddress(), status.port())
                            .close())
                    .as(model.id())
                    .isInstanceOf(ConnectException.class);
        }
    }
}
