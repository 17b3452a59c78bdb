"""Reference data found by its columns under the reference folder (skips without ../shared/data)."""
from carepath.reference.authorities import authorities, neighbours
from carepath.reference.population import children_0_17


def test_authorities_and_their_ten_neighbours(shared_data):
    las = authorities(shared_data)
    assert sum(a.current for a in las.values()) == 153
    assert las["886"].name == "Kent" and las["886"].region == "South East"
    sn = neighbours(shared_data)
    assert len(sn) == 153 and all(len(v) == 10 for v in sn.values())
    assert sn["886"][0] == "881"            # Essex is Kent's closest neighbour in the 2025 model


def test_population_estimates_of_children(shared_data):
    found = {(area, year): n for area, year, n in children_0_17(shared_data)}
    assert found[("805", 2024)] == 21_090   # Hartlepool mid-2024, as in SPECS D.9
    assert found[("E", 2024)] == 12_183_016


def test_no_reference_folder_means_no_reference_data(tmp_path):
    assert authorities(tmp_path) == {} and neighbours(tmp_path) == {} and children_0_17(None) == []
