-- The duplicate rules look connections up by their details on every add and update; without
-- these they scanned the whole table (BENCHMARKS.md: PUT/s fell by two thirds at 100,000).
CREATE INDEX storage_connections_path ON storage_connections(path, address);
CREATE INDEX storage_connections_target ON storage_connections(target, address, port);
-- The "VMs of LUN disks must be down" rule walks LUN → disk → attachment.
CREATE INDEX disks_lun ON disks(lun_id);
CREATE INDEX disk_attachments_disk ON disk_attachments(disk_id);
