-- The person's saved language (docs/api.md « GET /me », « PATCH /me »):
-- NULL until they choose one in the application, whose switch saves it;
-- then the application uses it at sign-in and on load on any browser
-- (the browser's own choice only counts before sign-in, or while NULL).
-- Saving it also sets `locale`, the language of the person's e-mails.
ALTER TABLE users ADD COLUMN language ENUM('fr','en') NULL DEFAULT NULL AFTER locale;
