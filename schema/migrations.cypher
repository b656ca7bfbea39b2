// diplograph graph schema for Neo4j 5 (Community: uniqueness constraints and
// indexes only; required properties are enforced by the writer).
// Every statement is idempotent (IF NOT EXISTS); statements end with ';'.

// Entity keys.
CREATE CONSTRAINT country_code IF NOT EXISTS FOR (n:Country) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT initiative_id IF NOT EXISTS FOR (n:Initiative) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT partnership_level_id IF NOT EXISTS FOR (n:PartnershipLevel) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_id IF NOT EXISTS FOR (n:Meeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT visit_id IF NOT EXISTS FOR (n:Visit) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT summit_id IF NOT EXISTS FOR (n:Summit) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (n:Agreement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT partnership_upgrade_id IF NOT EXISTS FOR (n:PartnershipUpgrade) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ingest_run_id IF NOT EXISTS FOR (n:IngestRun) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ingest_failure_id IF NOT EXISTS FOR (n:IngestFailure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT lease_job IF NOT EXISTS FOR (n:Lease) REQUIRE n.job IS UNIQUE;
CREATE CONSTRAINT dyad_id IF NOT EXISTS FOR (n:Dyad) REQUIRE n.id IS UNIQUE;

// Properties queries filter and sort on.
CREATE INDEX meeting_date IF NOT EXISTS FOR (n:Meeting) ON (n.date);
CREATE INDEX meeting_kind IF NOT EXISTS FOR (n:Meeting) ON (n.kind);
CREATE INDEX visit_date IF NOT EXISTS FOR (n:Visit) ON (n.date);
CREATE INDEX summit_date IF NOT EXISTS FOR (n:Summit) ON (n.date);
CREATE INDEX agreement_date IF NOT EXISTS FOR (n:Agreement) ON (n.date);
CREATE INDEX agreement_kind IF NOT EXISTS FOR (n:Agreement) ON (n.kind);
CREATE INDEX partnership_upgrade_date IF NOT EXISTS FOR (n:PartnershipUpgrade) ON (n.date);
CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published);
CREATE INDEX article_url IF NOT EXISTS FOR (n:Article) ON (n.url);
CREATE INDEX country_name IF NOT EXISTS FOR (n:Country) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);
CREATE INDEX ingest_run_job IF NOT EXISTS FOR (n:IngestRun) ON (n.job, n.started);
CREATE INDEX ingest_failure_at IF NOT EXISTS FOR (n:IngestFailure) ON (n.at);

// Dated edges: the edges between an event and its countries and people carry
// at = "<code or person id>|<date>" (store/events.go), so that a country's or
// a person's events in a date range are found by a range seek.
CREATE INDEX involves_at IF NOT EXISTS FOR ()-[r:INVOLVES]-() ON (r.at);
CREATE INDEX party_at IF NOT EXISTS FOR ()-[r:PARTY]-() ON (r.at);
CREATE INDEX between_at IF NOT EXISTS FOR ()-[r:BETWEEN]-() ON (r.at);
CREATE INDEX participated_in_at IF NOT EXISTS FOR ()-[r:PARTICIPATED_IN]-() ON (r.at);
CREATE INDEX signed_at IF NOT EXISTS FOR ()-[r:SIGNED]-() ON (r.at);
CREATE INDEX witnessed_at IF NOT EXISTS FOR ()-[r:WITNESSED]-() ON (r.at);
// Events of two countries: (e)-[:PAIR {at: "<code>|<code>|<label>|<date>"}]->(:Dyad).
CREATE INDEX pair_at IF NOT EXISTS FOR ()-[r:PAIR]-() ON (r.at);

// Full-text search over names (every spelling the lexicon knows) and texts.
CREATE FULLTEXT INDEX names_ar IF NOT EXISTS FOR (n:Country|Person|Place|Organization|Initiative|Project|Summit) ON EACH [n.name_ar, n.aliases_ar, n.search_ar] OPTIONS {indexConfig: {`fulltext.analyzer`: 'arabic'}};
CREATE FULLTEXT INDEX names_en IF NOT EXISTS FOR (n:Country|Person|Place|Organization|Initiative|Project|Summit) ON EACH [n.name, n.aliases_en] OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
CREATE FULLTEXT INDEX events_en IF NOT EXISTS FOR (n:Meeting|Visit|Agreement|PartnershipUpgrade|Statement) ON EACH [n.name, n.fields_text] OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};
// Neo4j takes two full-text indexes on the same label and properties for the
// same index whatever their analyzers, so each language indexes its own copy
// of an article's title and text (the writer fills title_ar/text_ar or
// title_en/text_en by the article's language).
CREATE FULLTEXT INDEX article_text_ar IF NOT EXISTS FOR (n:Article) ON EACH [n.title_ar, n.text_ar] OPTIONS {indexConfig: {`fulltext.analyzer`: 'arabic'}};
CREATE FULLTEXT INDEX article_text_en IF NOT EXISTS FOR (n:Article) ON EACH [n.title_en, n.text_en] OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}};

// Ingestion state: what was fetched (HTTP validators) and which files were read.
CREATE CONSTRAINT fetch_url IF NOT EXISTS FOR (n:Fetch) REQUIRE n.url IS UNIQUE;
CREATE CONSTRAINT file_state_key IF NOT EXISTS FOR (n:FileState) REQUIRE (n.job, n.path) IS UNIQUE;

// Data: PARTNER_OF edges written before they carried their level's step of
// the scale and qualifiers (store/events.go) take them from their upgrade.
MATCH (:Country)-[p:PARTNER_OF]->(:Country) WHERE p.qualifiers IS NULL
MATCH (u:PartnershipUpgrade {id: p.upgrade})
WITH p, u, [(u)-[:TO_LEVEL]->(l) | l][0] AS step
SET p.rank = CASE WHEN coalesce(u.rank, 0) = 0 THEN step.rank ELSE u.rank END,
    p.level_id = step.id, p.scale = step.name, p.qualifiers = coalesce(u.qualifiers, []);

// Data: edges written before they were dated get their stamp.
MATCH (e)-[x:INVOLVES|PARTY|BETWEEN]->(c:Country)
WHERE x.at IS NULL AND (e:Meeting OR e:Visit OR e:Summit OR e:Agreement OR e:PartnershipUpgrade)
SET x.at = c.code + '|' + coalesce(toString(e.date), '');
MATCH (n:Person)-[x:PARTICIPATED_IN|SIGNED|WITNESSED]->(e)
WHERE x.at IS NULL
SET x.at = n.id + '|' + coalesce(toString(e.date), '');

// Data: events written before they were paired (store/events.go) get their
// PAIR edges.
MATCH (e:Meeting|Visit|Agreement|PartnershipUpgrade)
WHERE NOT (e)-[:PAIR]->() AND COUNT { (e)-[:INVOLVES|PARTY|BETWEEN]->(:Country) } > 1
CALL { WITH e
       MATCH (e)-[:INVOLVES|PARTY|BETWEEN]->(c:Country) WITH e, c ORDER BY c.code
       WITH e, collect(c) AS cs
       UNWIND range(0, size(cs) - 2) AS i UNWIND range(i + 1, size(cs) - 1) AS j
       WITH e, cs[i] AS a, cs[j] AS b
       MERGE (d:Dyad {id: a.code + '|' + b.code})
       ON CREATE SET d.codes = [a.code, b.code], d.name = a.name + ' – ' + b.name
       MERGE (e)-[x:PAIR]->(d)
       SET x.at = d.id + '|' + [l IN labels(e) WHERE l IN ['Meeting', 'Visit', 'Agreement', 'PartnershipUpgrade']][0] + '|'
                  + coalesce(toString(e.date), '') };
