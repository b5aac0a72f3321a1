package dev.orderflow.messaging.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The body of every 4xx answer of every service: what kind of failure ({@code title}, the HTTP
 * reason phrase), its status, and what exactly was wrong with the request ({@code detail}).
 */
public record Problem(String title, int status, String detail) {

    public static Response response(Response.Status status, String detail) {
        return response(status.getStatusCode(), status.getReasonPhrase(), detail);
    }

    public static Response response(int status, String title, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Problem(title, status, detail)).build();
    }
}
