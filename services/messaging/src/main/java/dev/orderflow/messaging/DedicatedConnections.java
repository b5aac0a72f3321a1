package dev.orderflow.messaging;

import java.util.Optional;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Connections to the service's database outside the pool, for what a pooled connection cannot
 * hold: a session-level advisory lock, a LISTEN.
 */
@ApplicationScoped
public class DedicatedConnections {

    private final Vertx vertx;
    private final String databaseUrl;
    private final Optional<String> user;
    private final Optional<String> password;

    DedicatedConnections(Vertx vertx,
                         @ConfigProperty(name = "quarkus.datasource.reactive.url") String databaseUrl,
                         @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                         @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.databaseUrl = databaseUrl;
        this.user = user;
        this.password = password;
    }

    public Uni<PgConnection> open() {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        return PgConnection.connect(vertx, options);
    }
}
