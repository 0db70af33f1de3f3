-- Clusters, as the real API shows them: hosts and VMs belong to a cluster, a cluster to a data
-- center (none once the data center is removed). Existing sites get one cluster per data center, named after it, holding its hosts
-- and VMs.
CREATE TABLE clusters (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    description     TEXT,
    data_center_id  TEXT REFERENCES data_centers(id)
);
CREATE INDEX clusters_data_center ON clusters(data_center_id);

ALTER TABLE hosts ADD COLUMN cluster_id TEXT REFERENCES clusters(id);
ALTER TABLE vms ADD COLUMN cluster_id TEXT REFERENCES clusters(id);

INSERT INTO clusters (id, name, description, data_center_id)
SELECT lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
       || substr(lower(hex(randomblob(2))), 2) || '-a' || substr(lower(hex(randomblob(2))), 2)
       || '-' || lower(hex(randomblob(6))),
       name, 'The cluster of ' || name, id
FROM data_centers;

UPDATE hosts SET cluster_id = (SELECT c.id FROM clusters c WHERE c.data_center_id = hosts.data_center_id);
UPDATE vms SET cluster_id = (SELECT MIN(c.id) FROM clusters c);
