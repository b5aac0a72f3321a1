package dev.orderflow.messaging.http;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answers to requests the caller may not make, each with a {@link Problem} that says why: no or
 * no valid bearer token (401, with {@code WWW-Authenticate: Bearer}), a role that does not allow the
 * endpoint or a customer acting for another (403). Someone else's order or profile answers 404 where
 * it is looked up, so that ids cannot be probed.
 */
public class AccessRefusals {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED,
                        "a valid bearer token of the orderflow realm is required (Authorization: Bearer ...)"))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"orderflow\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(Response.Status.FORBIDDEN, "the token's roles do not allow this request");
    }

    @ServerExceptionMapper
    public Response notAllowed(Caller.NotAllowedException e) {
        return Problem.response(Response.Status.FORBIDDEN, e.getMessage());
    }
}
