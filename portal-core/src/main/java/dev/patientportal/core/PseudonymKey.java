package dev.patientportal.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The secret key under which the portal turns identifiers into stable keyed pseudonyms: the lockout and send-limit
 * counters of login, and the blind index of a grant's login identity ({@code active_identity_key} in
 * {@code portal-jpa}). A key of its own, never one of the one-time-code keys nor an audit key, so that rotating the
 * code keys keeps every counter and every index.
 *
 * <p>A pseudonym is HMAC-SHA256 under this key of a purpose label and the parts, each prefixed by its length, so that
 * no two different inputs, and no two purposes, give the same bytes. Without the key, a stolen table cannot be
 * brute-forced back to phone numbers or TAJ numbers, whose space is small.
 *
 * <p>Every node of a cluster must use the same key, from the host's secret store or environment, never from the
 * database. Rotating it restarts lockouts and send limits and means re-indexing the grants (see {@code docs/jpa.md}):
 * do it rarely, on every node at once. {@link #random} is for tests, demos and single nodes. {@link #toString()} shows
 * only the id. Immutable and thread-safe: each thread keeps an HMAC engine of its own.
 *
 * <p>The same key also seals what must be kept but never in clear, such as the identifiers of a grant in
 * {@code portal-jpa}'s table ({@link #seal}: AES-256-GCM under a key derived from this one for the purpose). A sealed
 * value names the id of the key that sealed it, so that after a rotation the previous keys, given with
 * {@link #withPrevious} or as further entries of {@link #parse}, still open it until everything is sealed again
 * under the current key.
 *
 * <pre>{@code
 * // PORTAL_PSEUDONYM_KEY=pseudonym-1:q3Jm...Xw=      (openssl rand -base64 32)
 * PseudonymKey key = PseudonymKey.fromEnvironment("PORTAL_PSEUDONYM_KEY");
 * String counter = key.pseudonym("lockout", institution.value(), "TAJ_AND_PHONE", "+36201234567", "123456788");
 * String index = key.identity(institution, grant.identity());      // the same value on every node
 * }</pre>
 */
public final class PseudonymKey {
    /** The least key length accepted: 256 bits. */
    public static final int MIN_BYTES = 32;

    /** The purpose of {@link #identity(InstitutionId, LoginIdentity)}: the blind index of a grant's identity. */
    public static final String ACTIVE_IDENTITY = "active-identity";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final String id;
    private final boolean random;
    private final Mac prototype;
    // Each thread clones the initialised prototype once: no Mac is ever shared between threads.
    private final ThreadLocal<Mac> macs;
    // Older keys: they open what they sealed, and make nothing new.
    private final List<PseudonymKey> previous;

    private PseudonymKey(String id, byte[] secret, boolean random) {
        this.id = id;
        this.random = random;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            this.prototype = mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.previous = List.of();
    }

    private PseudonymKey(PseudonymKey current, List<PseudonymKey> previous) {
        this.id = current.id;
        this.random = current.random;
        this.prototype = current.prototype;
        this.macs = current.macs;
        this.previous = List.copyOf(previous);
    }

    /**
     * A key from its Base64 form (standard or URL-safe alphabet), as a secret store or an environment variable holds it.
     *
     * @param id a short name, 1 to 32 letters, digits or {@code . _ -}, for example {@code "pseudonym-1"}
     * @param base64 at least {@link #MIN_BYTES} random bytes in Base64 ({@code openssl rand -base64 32})
     * @return the key
     * @throws ValidationException (field {@code pseudonymKey}) when the id is malformed, the text is not Base64 or the
     *     key is shorter than {@link #MIN_BYTES}; the message never quotes the key
     */
    public static PseudonymKey fromBase64(String id, String base64) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(base64, "base64");
        if (!ID.matcher(id).matches()) {
            throw new ValidationException("pseudonymKey", "the id must be 1 to 32 letters, digits or . _ -");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip().replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("pseudonymKey", "the key is not Base64"); // never echo the secret
        }
        if (bytes.length < MIN_BYTES) {
            throw new ValidationException(
                    "pseudonymKey",
                    "the key must have at least " + MIN_BYTES + " bytes, as" + " `openssl rand -base64 32` makes them");
        }
        return new PseudonymKey(id, bytes, false);
    }

    /**
     * Reads a key from an environment variable holding {@code id:base64}, the same on every node, in the form
     * {@code CodeKeyring.fromEnvironment} reads one entry of.
     *
     * @param variable the variable's name, for example {@code "PORTAL_PSEUDONYM_KEY"}
     * @return the key
     * @throws IllegalStateException when the variable is not set or blank
     * @throws ValidationException as {@link #fromBase64}, or when the value is not {@code id:base64}
     */
    public static PseudonymKey fromEnvironment(String variable) {
        return fromEnvironment(variable, System::getenv);
    }

    static PseudonymKey fromEnvironment(String variable, Function<String, @Nullable String> environment) {
        Objects.requireNonNull(variable, "variable");
        String text = environment.apply(variable);
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("The environment variable " + variable + " is not set: give every node"
                    + " the same pseudonym key as id:base64, a key made by `openssl rand -base64 32`");
        }
        return parse(text);
    }

    /**
     * Reads a key from its text form {@code id:base64}, for example {@code "pseudonym-1:q3Jm...Xw="}. During a
     * rotation the text may list older keys after the current one, separated by commas
     * ({@code "pseudonym-2:...,pseudonym-1:..."}): see {@link #withPrevious}.
     *
     * @param text the entry, or the current entry followed by older ones
     * @return the key
     * @throws ValidationException when an entry is not {@code id:base64}, two entries share an id, or as
     *     {@link #fromBase64}
     */
    public static PseudonymKey parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] entries = text.split(",", -1);
        List<PseudonymKey> keys = new ArrayList<>(entries.length);
        for (String raw : entries) {
            String entry = raw.strip();
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new ValidationException("pseudonymKey", "the key is not id:base64");
            }
            keys.add(fromBase64(entry.substring(0, colon).strip(), entry.substring(colon + 1)));
        }
        PseudonymKey current = keys.get(0);
        return keys.size() == 1
                ? current
                : current.withPrevious(keys.subList(1, keys.size()).toArray(PseudonymKey[]::new));
    }

    /**
     * A fresh random key of 256 bits, for tests, demos and single-node hosts. Counters keyed with it start afresh at
     * every restart, and no other node shares it, so builders refuse it with database stores unless the host says it
     * runs a single node. What it {@linkplain #seal seals} cannot be opened after a restart either: a database that
     * outlives the process (grants sealed in {@code portal-jpa}) needs a fixed key.
     *
     * @param id the key id
     * @return the key
     */
    public static PseudonymKey random(String id) {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new ValidationException("pseudonymKey", "the id must be 1 to 32 letters, digits or . _ -");
        }
        byte[] bytes = new byte[MIN_BYTES];
        RANDOM.nextBytes(bytes);
        return new PseudonymKey(id, bytes, true);
    }

    /**
     * Returns the key id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Tells whether this key was made by {@link #random} in this process: no other node, and no later start of this
     * one, has it.
     *
     * @return {@code true} for a random key
     */
    public boolean isRandom() {
        return random;
    }

    /**
     * A keyed pseudonym: HMAC-SHA256 of the purpose and the parts, each as its UTF-8 length (4 bytes) and bytes.
     *
     * @param purpose what the pseudonym is for, for example {@code "lockout"} or {@code "send-limit"}
     * @param parts the normalised identifiers
     * @return 43 characters of URL-safe Base64 without padding
     */
    public String pseudonym(String purpose, String... parts) {
        return URL.encodeToString(mac(purpose, parts));
    }

    /** HMAC-SHA256 under this key of the length-prefixed purpose and parts. */
    byte[] mac(String purpose, String... parts) {
        Objects.requireNonNull(purpose, "purpose");
        Mac mac = macs.get();
        update(mac, purpose);
        for (String part : parts) {
            update(mac, Objects.requireNonNull(part, "part"));
        }
        return mac.doFinal();
    }

    /**
     * The same key with older keys that open what they sealed ({@link #unseal}) but seal nothing new: for a rotation,
     * until every sealed value has been sealed again under this key ({@code portal-jpa} does it at start-up). The
     * older keys' own previous keys are left out.
     *
     * @param older the previous keys, newest first; their ids must differ from this key's and from each other
     * @return this key with those previous keys
     * @throws ValidationException when two keys share an id
     */
    public PseudonymKey withPrevious(PseudonymKey... older) {
        List<PseudonymKey> list = new ArrayList<>(older.length);
        List<String> ids = new ArrayList<>(List.of(id));
        for (PseudonymKey key : older) {
            Objects.requireNonNull(key, "older");
            if (ids.contains(key.id)) {
                throw new ValidationException("pseudonymKey", "two keys have the id " + key.id);
            }
            ids.add(key.id);
            list.add(key.previous.isEmpty() ? key : new PseudonymKey(key, List.of()));
        }
        return new PseudonymKey(this, list);
    }

    /**
     * The previous keys given with {@link #withPrevious}, newest first.
     *
     * @return the previous keys; empty when there are none
     */
    public List<PseudonymKey> previous() {
        return previous;
    }

    /**
     * Seals a value: AES-256-GCM under a key derived from this one for the purpose (HMAC-SHA256 of the purpose label),
     * with a fresh random nonce, bound to {@code associated} (for example the row's primary key), so that a sealed value
     * copied to another row does not open there.
     *
     * @param purpose what the value is, for example {@code "grant-identity"}
     * @param associated what the value belongs to; the same text must be given to {@link #unseal}
     * @param plaintext the value
     * @return {@code <key id>:<URL-safe Base64 of nonce, ciphertext and tag>}
     */
    public String seal(String purpose, String associated, String plaintext) {
        return Sealing.seal(this, purpose, associated, plaintext);
    }

    /**
     * Opens a value {@link #seal} made, under this key or one of its {@link #previous()} keys, named by the value's key
     * id.
     *
     * @param purpose the purpose it was sealed for
     * @param associated the text it was bound to
     * @param sealed the sealed value
     * @return the value
     * @throws PortalException when no key of this ring has the value's key id, or the value was changed, sealed for
     *     another purpose or bound to other text; the message names the key id only
     */
    public String unseal(String purpose, String associated, String sealed) {
        Objects.requireNonNull(sealed, "sealed");
        int colon = sealed.indexOf(':');
        String keyId = colon < 0 ? "" : sealed.substring(0, colon);
        PseudonymKey key = keyId.equals(id)
                ? this
                : previous.stream()
                        .filter(k -> k.id.equals(keyId))
                        .findFirst()
                        .orElseThrow(() -> new PortalException("A value is sealed under a pseudonym key this node does"
                                + " not have (id " + (ID.matcher(keyId).matches() ? keyId : "?")
                                + "): give it as a previous key"));
        return Sealing.unseal(key, purpose, associated, sealed.substring(colon + 1));
    }

    /**
     * Tells whether a sealed value was sealed under this key rather than a previous one.
     *
     * @param sealed a value {@link #seal} made
     * @return {@code true} when its key id is this key's
     */
    public boolean sealedUnderThisKey(String sealed) {
        return sealed.startsWith(id + ":");
    }

    /**
     * The blind index of a login identity in an institution, purpose {@value #ACTIVE_IDENTITY}: what the grant table
     * keeps to find and keep unique the active grant of an identity.
     *
     * @param institution the institution
     * @param identity the normalised identity
     * @return the pseudonym
     */
    public String identity(InstitutionId institution, LoginIdentity identity) {
        return identity(ACTIVE_IDENTITY, institution, identity);
    }

    /**
     * A pseudonym of a login identity in an institution for another purpose, such as the lockout counter of login.
     * The parts are the institution, the method, the phone (E.164), and the e-mail address or the TAJ.
     *
     * @param purpose what the pseudonym is for
     * @param institution the institution
     * @param identity the normalised identity
     * @return the pseudonym
     */
    public String identity(String purpose, InstitutionId institution, LoginIdentity identity) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(identity, "identity");
        String second = identity.method() == AccessMethod.EMAIL_AND_PHONE
                ? Objects.requireNonNull(identity.email()).value()
                : Objects.requireNonNull(identity.taj()).digits();
        return pseudonym(
                purpose,
                institution.value(),
                identity.method().name(),
                identity.phone().e164(),
                second);
    }

    private static void update(Mac mac, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        mac.update(bytes);
    }

    private Mac newMac() {
        try {
            synchronized (prototype) {
                return (Mac) prototype.clone();
            }
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the HmacSHA256 provider cannot clone an initialised Mac", e);
        }
    }

    /** Shows only the ids. */
    @Override
    public String toString() {
        return "PseudonymKey[" + id + (random ? ", random" : "")
                + (previous.isEmpty()
                        ? ""
                        : ", previous " + previous.stream().map(k -> k.id).toList())
                + "]";
    }
}
