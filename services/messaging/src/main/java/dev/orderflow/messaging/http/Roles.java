package dev.orderflow.messaging.http;

/**
 * The realm roles the services know (Keycloak's realm {@code orderflow}): who may do what is said on
 * each endpoint with {@code @RolesAllowed}, ownership (a customer's own orders and profile) by {@link Caller}.
 */
public final class Roles {

    /** Places, sees, follows and cancels their own orders; reads the catalog; keeps their own profile. */
    public static final String CUSTOMER = "customer";
    /** Catalog, stock and customer administration; every order; dead letters, imports. */
    public static final String OPERATOR = "operator";
    /** Payments: transfers received, refunds. */
    public static final String FINANCE = "finance";

    private Roles() {
    }
}
