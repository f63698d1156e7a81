-- A secret group's name must not be confirmed by trying it: names are
-- unique among the groups everyone sees (public and private, whatever the
-- accents and case), and a secret group's name blocks only those who can
-- see it (checked by the workers). The listed name is the name of a
-- group that is not secret.
ALTER TABLE `groups`
  DROP KEY groups_name,
  ADD COLUMN listed_name VARCHAR(80) AS (IF(visibility = 'secret', NULL, name)) PERSISTENT,
  ADD UNIQUE KEY groups_listed_name (listed_name),
  ADD KEY groups_name (name);
