-- Contact normalisation, simpler than conform's libphonenumber: a number is read in the default region
-- +7 (Russia, the sample's), written in E.164 when it has 10 digits, 11 digits starting with 7 or 8
-- (trunk prefix), or starts with '+' and has 8 to 15 digits; anything else is unreadable (null).
-- libphonenumber also checks that the number range exists; the sample writes only valid Russian numbers.
CREATE OR REPLACE MACRO phone_digits(raw) AS regexp_replace(raw, '[^0-9]', '', 'g');
CREATE OR REPLACE MACRO e164(raw) AS CASE
    WHEN raw IS NULL THEN NULL
    WHEN trim(raw) LIKE '+%' THEN CASE WHEN length(phone_digits(raw)) BETWEEN 8 AND 15 THEN '+' || phone_digits(raw) END
    WHEN length(phone_digits(raw)) = 11 AND left(phone_digits(raw), 1) IN ('7', '8') THEN '+7' || right(phone_digits(raw), 10)
    WHEN length(phone_digits(raw)) = 10 THEN '+7' || phone_digits(raw)
    END;
-- conform's Emails: trimmed, lower-cased, one '@' and a dot in the domain
CREATE OR REPLACE MACRO normalised_email(raw) AS CASE
    WHEN regexp_full_match(lower(trim(raw)), '[^@\s]+@[^@\s]+\.[^@\s]+') THEN lower(trim(raw)) END;
-- the day of a UTC time in the business time zone
CREATE OR REPLACE MACRO business_date(utc_time) AS CAST(timezone('${business_zone}', CAST(utc_time AS TIMESTAMPTZ)) AS DATE);
