-- Clusters, as the real API shows them (see migrations/sqlite/0006_clusters.sql).
CREATE TABLE clusters (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL UNIQUE,
    description     TEXT COLLATE "C",
    data_center_id  TEXT COLLATE "C" REFERENCES data_centers(id)
);
CREATE INDEX clusters_data_center ON clusters(data_center_id);

ALTER TABLE hosts ADD COLUMN cluster_id TEXT COLLATE "C" REFERENCES clusters(id);
ALTER TABLE vms ADD COLUMN cluster_id TEXT COLLATE "C" REFERENCES clusters(id);

INSERT INTO clusters (id, name, description, data_center_id)
SELECT gen_random_uuid()::text, name, 'The cluster of ' || name, id FROM data_centers;

UPDATE hosts SET cluster_id = (SELECT c.id FROM clusters c WHERE c.data_center_id = hosts.data_center_id);
UPDATE vms SET cluster_id = (SELECT MIN(c.id) FROM clusters c);
