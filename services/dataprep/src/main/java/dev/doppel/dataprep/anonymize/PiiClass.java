package dev.doppel.dataprep.anonymize;

/** The kinds of personal data anonymization replaces; {@code tag} is the pseudonym's stem. */
public enum PiiClass {
    EMAIL, PHONE, URL, IP, CREDIT_CARD, IBAN, PERSON;

    public String tag() {
        return name();
    }
}
