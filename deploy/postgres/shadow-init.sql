-- The shadow server also holds shadowtune's catalog, in its own database.
CREATE DATABASE shadowtune_catalog;
