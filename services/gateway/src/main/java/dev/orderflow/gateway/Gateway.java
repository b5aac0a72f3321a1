package dev.orderflow.gateway;

import java.net.URI;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The one address clients call. For each public API path it (1) requires a bearer token the identity
 * provider signed for orderflow-api (401 with the reason otherwise: nothing unauthenticated reaches a
 * service), (2) holds each caller (the token's subject) to a request rate (429 with Retry-After), and
 * (3) passes the request, body and token unchanged, to one of the service's instances in turn, streaming
 * the answer back (server-sent events too). The services still check the token and decide what its
 * roles allow: the gateway is the first gate, not the only one. Other paths are not routed (404).
 */
@ApplicationScoped
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);
    private static final String BEARER = "Bearer ";

    @Inject
    GatewayConfig config;

    @Inject
    TenantIdentityProvider identities;

    @Inject
    Vertx vertx;

    private HttpClient client;
    private Cache<String, TokenBucket> allowances;

    void routes(@Observes Router router) {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(64)
                .setKeepAlive(true));
        allowances = Caffeine.newBuilder().maximumSize(config.rateLimit().callers())
                .expireAfterAccess(10, TimeUnit.MINUTES).build();
        long backoff = config.instanceBackoff().toNanos();
        config.routes().forEach((service, route) -> {
            Instances instances = new Instances(route.instances(), backoff);
            URI first = route.instances().getFirst();
            HostAndPort authority = HostAndPort.create(first.getHost(), portOf(first));
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .originRequestProvider((request, c) -> connect(service, instances.inTurn(System.nanoTime()).iterator(), instances, request, c))
                    .addInterceptor(new ProxyInterceptor() {
                        @Override
                        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                            // Host names the service, not the gateway: an ingress in front of the service (Knative's, which
                            // routes by it) sees its own name. (Its first instance's: locally, where instances differ by
                            // port only, no one routes by it.)
                            context.request().setAuthority(authority);
                            return context.sendRequest();
                        }
                    });
            for (String path : route.paths()) {
                if (!path.startsWith("/") || path.endsWith("/") || path.contains("*")) {
                    throw new IllegalArgumentException("orderflow.gateway.routes." + service + ".paths: '" + path
                            + "' must be a path such as /orders (it covers /orders/... too)");
                }
                router.route(path).handler(ctx -> admit(ctx, proxy));
                router.route(path + "/*").handler(ctx -> admit(ctx, proxy));
            }
            LOG.infof("%s: %s -> %s", service, route.paths(), route.instances());
        });
    }

    void close(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    private void admit(RoutingContext ctx, HttpProxy proxy) {
        HttpServerRequest request = ctx.request();
        request.pause(); // the body waits for the verdict, then goes to the service as it came
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            unauthorized(ctx, "a bearer token of the orderflow realm is required (Authorization: Bearer ...)");
            return;
        }
        Context context = vertx.getOrCreateContext();
        identities.authenticate(new AccessTokenCredential(authorization.substring(BEARER.length()).trim()))
                .subscribe().with(
                        identity -> context.runOnContext(v -> {
                            GatewayConfig.Allowance allowance = allowanceOf(identity);
                            long waitNanos = allowances.get(identity.getPrincipal().getName(), caller -> new TokenBucket(
                                    allowance.perSecond(), allowance.burst(), System.nanoTime())).tryTake(System.nanoTime());
                            if (waitNanos > 0) {
                                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999));
                                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                                refuse(ctx, 429, "Too Many Requests", "at most " + allowance.perSecond()
                                        + " requests a second (bursts of " + allowance.burst() + ") for one caller");
                                return;
                            }
                            proxy.handle(request);
                        }),
                        failure -> context.runOnContext(v -> unauthorized(ctx,
                                "the bearer token is not valid here (expired, not signed by the orderflow realm, or not for orderflow-api)")));
    }

    /** The most generous allowance among the caller's roles, or everyone's. */
    private GatewayConfig.Allowance allowanceOf(SecurityIdentity identity) {
        return config.rateLimit().roles().entrySet().stream().filter(role -> identity.hasRole(role.getKey()))
                .map(Map.Entry::getValue).max(Comparator.comparingInt(GatewayConfig.Allowance::perSecond))
                .orElse(config.rateLimit());
    }

    /**
     * A connection to the first instance in turn that accepts one. An instance that refuses (or does not
     * accept in time) is left for last for a while and the next is tried: nothing was sent to it, so even a
     * POST goes on safely. When every instance refuses, the proxy answers 502.
     */
    private Future<HttpClientRequest> connect(String service, Iterator<URI> candidates, Instances instances,
            HttpServerRequest request, HttpClient c) {
        URI instance = candidates.next();
        Promise<HttpClientRequest> connected = Promise.promise();
        c.request(new RequestOptions().setHost(instance.getHost()).setPort(portOf(instance))
                .setSsl("https".equals(instance.getScheme()))).onComplete(result -> {
            if (result.succeeded()) {
                instances.accepted(instance);
                connected.complete(result.result());
                return;
            }
            instances.refused(instance, System.nanoTime());
            if (candidates.hasNext()) {
                LOG.debugf("%s at %s refused %s %s (%s): trying the next instance", service, instance, request.method(),
                        request.path(), result.cause().toString());
                connect(service, candidates, instances, request, c).onComplete(connected);
            } else {
                LOG.warnf("%s: no instance accepted %s %s (last: %s, %s)", service, request.method(), request.path(), instance,
                        result.cause().toString());
                connected.fail(result.cause());
            }
        });
        return connected.future();
    }

    private static int portOf(URI instance) {
        return instance.getPort() != -1 ? instance.getPort() : "https".equals(instance.getScheme()) ? 443 : 80;
    }

    private static void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"orderflow\"");
        refuse(ctx, 401, "Unauthorized", detail);
    }

    /** Answers with a Problem (as the services do), the request's body read and dropped. */
    private static void refuse(RoutingContext ctx, int status, String title, String detail) {
        ctx.request().resume();
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("title", title).put("status", status).put("detail", detail).encode());
    }
}
