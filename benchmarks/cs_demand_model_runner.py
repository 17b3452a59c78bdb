"""Run Social Finance's cs-demand-model (in its own environment) on a folder of SSDA903 CSVs.

Called by ``demand_model_side_by_side.py`` with the demand model environment's Python:
``python cs_demand_model_runner.py SOURCE START END DAYS OUT.csv``. SOURCE holds <year>/header.csv
and <year>/episodes.csv; rates are estimated between START and END and the population predicted
DAYS days on from END, written to OUT.csv (one row a day, a column per age bracket and placement
category). Prints the seconds taken (imports, reading, estimating and predicting) as JSON.
"""
import json
import sys
import time
from datetime import date

started = time.time()
from cs_demand_model import DemandModellingDataContainer, ModelPredictor, PopulationStats  # noqa: E402
from cs_demand_model.config import Config  # noqa: E402
from cs_demand_model.datastore import fs_datastore  # noqa: E402

source, start, end, days, out = sys.argv[1:6]
config = Config()
container = DemandModellingDataContainer(fs_datastore(source), config)
stats = PopulationStats(container.enriched_view, config)
predictor = ModelPredictor.from_model(stats, date.fromisoformat(start), date.fromisoformat(end))
predictor.predict(int(days)).to_csv(out)
print(json.dumps({"seconds": time.time() - started}))
