package dev.orderflow.messaging.http;

import java.util.Set;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who sent a request, as its token says: the subject (for a customer, their customer id) and the
 * realm roles. The ownership rules that every service applies the same way live here.
 */
public record Caller(String subject, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The caller of the current request, from its verified token (the principal is the token's subject). */
    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.isAnonymous() ? "" : identity.getPrincipal().getName(), identity.getRoles());
    }

    public boolean is(String role) {
        return roles.contains(role);
    }

    public boolean isOperator() {
        return is(Roles.OPERATOR);
    }

    /** An operator acts for anyone; a customer only for themselves (their subject is their customer id). */
    public boolean mayActFor(String customerId) {
        return isOperator() || (is(Roles.CUSTOMER) && subject.equals(customerId));
    }

    /**
     * The customer a request is about: an operator names one (required), a customer is that customer
     * (naming another one is refused; naming none means themselves).
     *
     * @param named the customer id the request names, or null
     */
    public String customerFor(String named) {
        if (isOperator()) {
            if (named == null || named.isBlank()) {
                throw new jakarta.ws.rs.BadRequestException("customerId is required when an operator acts for a customer");
            }
            return named;
        }
        if (!is(Roles.CUSTOMER)) {
            throw new NotAllowedException("only a customer or an operator acts for a customer");
        }
        if (named != null && !named.equals(subject)) {
            throw new NotAllowedException("a customer acts only for themselves: customerId " + named + " is not the caller's");
        }
        return subject;
    }

    /** A request the caller's token does not allow, with the reason (403). */
    public static class NotAllowedException extends RuntimeException {
        public NotAllowedException(String reason) {
            super(reason);
        }
    }
}
