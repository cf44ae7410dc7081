-- The two roles of a team library, for its keeper to run once in the library's database,
-- after `briefing-builder library init URL` has made the tables (see docs/team-library.md).
-- Safe to run again. Each official then gets a login role of their own, in one of the two:
--
--   CREATE ROLE jane LOGIN PASSWORD '...' IN ROLE briefing_editor;
--   CREATE ROLE sam LOGIN PASSWORD '...' IN ROLE briefing_reader;
--
-- The history names each change's login role (or the display name its maker chose).

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'briefing_reader') THEN
        CREATE ROLE briefing_reader NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'briefing_editor') THEN
        CREATE ROLE briefing_editor NOLOGIN IN ROLE briefing_reader;
    END IF;
END
$$;

-- A reader builds packs from the library and its history, and changes nothing.
GRANT USAGE ON SCHEMA public TO briefing_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO briefing_reader;

-- An editor adds and edits sources, items and team presets. Nothing is ever deleted: retiring is an edit,
-- and every version stays in the history.
GRANT INSERT, UPDATE ON sources, items, presets TO briefing_editor;
GRANT INSERT ON history TO briefing_editor;
