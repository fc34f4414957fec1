package job

import (
	"encoding/json"

	"github.com/riverqueue/river/rivertype"

	"github.com/lintel-dev/lintel/internal/thermostat"
)

// ThermostatDueOf decodes the arguments of a thermostat schedule's job.
func ThermostatDueOf(j *rivertype.JobRow) (thermostat.Due, error) {
	var a thermostatDueArgs
	err := json.Unmarshal(j.EncodedArgs, &a)
	return a.Due, err
}
