"""The official oVirt SDK, unmodified, against the engine: the storage subset end to end."""

import ovirtsdk4 as sdk
import ovirtsdk4.types as types
import pytest

DC = "5849b030-626e-47cb-ad90-3ce782d831b3"
SD_NFS_DATA = "d0000000-0000-4000-8000-000000000001"
SD_POSIX = "d0000000-0000-4000-8000-000000000003"
SD_ISCSI = "d0000000-0000-4000-8000-000000000006"
SD_ARCHIVE = "d0000000-0000-4000-8000-000000000007"
CONN_NFS_DATA = "c0000000-0000-4000-8000-000000000001"
CONN_ISCSI_B = "c0000000-0000-4000-8000-000000000007"
CONN_ORPHAN = "c0000000-0000-4000-8000-00000000000a"


def test_connect_and_read_the_api_root(connection):
    assert connection.test(raise_exception=True)
    api = connection.system_service().get()
    assert api.product_info.name
    assert api.authenticated_user.id


def test_list_and_get_connections(connection):
    conns = connection.system_service().storage_connections_service()
    listed = conns.list()
    assert len(listed) == 10
    orphan = conns.storage_connection_service(CONN_ORPHAN).get()
    assert orphan.type == types.StorageType.NFS
    assert orphan.address == "nfs3.example.com"
    assert orphan.path == "/exports/spare"
    iscsi = conns.storage_connection_service(CONN_ISCSI_B).get()
    assert iscsi.port == 3260
    assert iscsi.target == "iqn.2026-01.com.example:storage.data"
    assert iscsi.password is None


def test_add_update_remove_connections_of_every_type(connection):
    conns = connection.system_service().storage_connections_service()
    host = types.Host(name="host1.example.com")
    nfs = conns.add(types.StorageConnection(
        type=types.StorageType.NFS, address="nfs9.example.com", path="/exports/sdk",
        nfs_version=types.NfsVersion.V4_1, nfs_timeo=300, nfs_retrans=4, host=host))
    assert nfs.id and nfs.nfs_timeo == 300 and nfs.nfs_version == types.NfsVersion.V4_1
    posix = conns.add(types.StorageConnection(
        type=types.StorageType.POSIXFS, path="/volumes/sdk", address="ceph9.example.com", vfs_type="ceph"))
    local = conns.add(types.StorageConnection(type=types.StorageType.LOCALFS, path="/srv/sdk"))
    iscsi = conns.add(types.StorageConnection(
        type=types.StorageType.ISCSI, address="192.0.2.90", port=3260,
        target="iqn.2026-01.com.example:sdk", username="u", password="chap-pw"))
    assert iscsi.password is None

    svc = conns.storage_connection_service(nfs.id)
    updated = svc.update(types.StorageConnection(address="nfs10.example.com"))
    assert updated.address == "nfs10.example.com" and updated.path == "/exports/sdk"
    assert svc.get().address == "nfs10.example.com"
    conns.storage_connection_service(iscsi.id).update(types.StorageConnection(port=3261))
    assert conns.storage_connection_service(iscsi.id).get().port == 3261

    for c in (nfs, posix, local, iscsi):
        conns.storage_connection_service(c.id).remove()
    assert len(conns.list()) == 10


def test_refusals_raise_errors_with_the_engine_fault(connection):
    conns = connection.system_service().storage_connections_service()
    with pytest.raises(sdk.Error) as e:
        conns.storage_connection_service(CONN_NFS_DATA).update(types.StorageConnection(path="/moved"))
    assert "must be in maintenance or unattached" in str(e.value)
    assert e.value.code == 400
    with pytest.raises(sdk.Error) as e:
        conns.add(types.StorageConnection(type=types.StorageType.NFS, address="nfs1.example.com", path="/exports/data"))
    assert "already exists" in str(e.value) and e.value.code == 409
    with pytest.raises(sdk.Error) as e:
        conns.add(types.StorageConnection(type=types.StorageType.NFS, address="nfs1.example.com"))
    assert "Incomplete parameters" in str(e.value)
    with pytest.raises(sdk.Error) as e:
        conns.storage_connection_service(CONN_NFS_DATA).remove()
    assert "data-nfs" in str(e.value) and e.value.code == 409
    # Forced, it goes through.
    conns.storage_connection_service(CONN_NFS_DATA).update(types.StorageConnection(path="/exports/forced"), force=True)
    assert conns.storage_connection_service(CONN_NFS_DATA).get().path == "/exports/forced"


def test_domains_and_their_connections_attach_and_detach(connection):
    sds = connection.system_service().storage_domains_service()
    names = sorted(sd.name for sd in sds.list())
    assert names == ["archive-iscsi", "backup-export", "data-ceph", "data-iscsi", "data-nfs", "iso-nfs", "scratch-local"]
    assert [sd.name for sd in sds.list(search="name=data*")] == ["data-ceph", "data-iscsi", "data-nfs"]
    iscsi = sds.storage_domain_service(SD_ISCSI)
    assert iscsi.get().storage.type == types.StorageType.ISCSI
    assert len(iscsi.storage_connections_service().list()) == 2

    archive = sds.storage_domain_service(SD_ARCHIVE).storage_connections_service()
    archive.add(types.StorageConnection(id=CONN_ISCSI_B))
    assert {c.id for c in archive.list()} >= {CONN_ISCSI_B}
    with pytest.raises(sdk.Error) as e:
        archive.add(types.StorageConnection(id=CONN_ISCSI_B))
    assert e.value.code == 409
    archive.connection_service(CONN_ISCSI_B).remove()
    assert CONN_ISCSI_B not in {c.id for c in archive.list()}


def test_activate_and_deactivate_through_the_data_center(connection):
    attached = connection.system_service().data_centers_service().data_center_service(DC).storage_domains_service()
    statuses = {sd.name: sd.status for sd in attached.list()}
    assert statuses["data-nfs"] == types.StorageDomainStatus.ACTIVE
    assert statuses["data-ceph"] == types.StorageDomainStatus.MAINTENANCE
    iscsi = attached.storage_domain_service(SD_ISCSI)
    iscsi.deactivate()
    assert iscsi.get().status == types.StorageDomainStatus.MAINTENANCE
    with pytest.raises(sdk.Error) as e:
        iscsi.deactivate()
    assert "Maintenance" in str(e.value) and e.value.code == 409
    iscsi.activate()
    assert iscsi.get().status == types.StorageDomainStatus.ACTIVE


def test_add_a_domain_with_an_existing_connection(connection):
    sds = connection.system_service().storage_domains_service()
    sd = sds.add(types.StorageDomain(
        name="sdk-spare", type=types.StorageDomainType.DATA,
        host=types.Host(name="host1.example.com"),
        storage=types.HostStorage(id=CONN_ORPHAN)))
    assert sd.id and sd.storage.path == "/exports/spare"
    assert sd.status == types.StorageDomainStatus.UNATTACHED
    sds.storage_domain_service(sd.id).remove(host="host1.example.com")
    assert "sdk-spare" not in [d.name for d in sds.list()]


def test_wrong_password_is_an_auth_error(engine_url):
    conn = sdk.Connection(url=engine_url, username="admin@internal", password="wrong", insecure=True)
    with pytest.raises(sdk.AuthError):
        conn.test(raise_exception=True)


def test_follow_links(connection):
    sd = connection.system_service().storage_domains_service().storage_domain_service(SD_NFS_DATA).get()
    dc = connection.follow_link(sd.data_centers[0])
    assert dc.name == "Default" and dc.version.major == 4
    conns = connection.follow_link(sd.storage_connections)
    assert [c.path for c in conns] == ["/exports/data"]
