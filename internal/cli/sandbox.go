package cli

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/device"
	"github.com/lintel-dev/lintel/internal/store"
)

func (e *env) sandboxCommand() *cobra.Command {
	group := &cobra.Command{Use: "sandbox", Short: "Administer sandbox access systems and devices directly in the database"}
	var f storeFlags
	var systemID, deviceID, mode string
	var latency, outage time.Duration
	var failRate float64
	var offline bool
	setFaults := &cobra.Command{
		Use:   "set-faults",
		Short: "Make a sandbox access system or device behave like a remote one: queued mutations, latency, failures, outages",
		Long: "Switch a sandbox access system or device (of a sandbox workspace) to remote mode, where every change goes\n" +
			"through the job queue, and inject faults into its exchanges. Only the flags given change.\n\n" +
			"  lintel sandbox set-faults --acs_system_id ID --latency 200ms --fail-rate 0.3 --outage 10m\n" +
			"  lintel sandbox set-faults --acs_system_id ID --outage 0          # end the outage\n" +
			"  lintel sandbox set-faults --acs_system_id ID --mode inline       # back to inline, faults kept\n" +
			"  lintel sandbox set-faults --device_id ID --latency 1s            # a sandbox lock, the same way\n" +
			"  lintel sandbox set-faults --device_id ID --offline               # the lock stops answering\n" +
			"  lintel sandbox set-faults --device_id ID --offline=false         # and answers again",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (systemID == "") == (deviceID == "") {
				return usageError{errors.New("give one of --acs_system_id and --device_id")}
			}
			if systemID != "" && !lintel.IsUUID(systemID) {
				return usageError{errors.New("--acs_system_id must be the UUID of an access system")}
			}
			if deviceID != "" && !lintel.IsUUID(deviceID) {
				return usageError{errors.New("--device_id must be the UUID of a device")}
			}
			changed := cmd.Flags().Changed
			if changed("offline") && deviceID == "" {
				return usageError{errors.New("--offline applies to a device (--device_id)")}
			}
			st, _, err := e.open(cmd, &f)
			if err != nil {
				return err
			}
			defer st.Close()
			change := func(c *connector.SandboxConfig) {
				switch {
				case changed("mode"):
					c.Mode = mode
				case changed("latency") || changed("fail-rate") || changed("outage"):
					c.Mode = connector.SandboxRemote // faults only show in remote mode
				}
				if changed("latency") {
					c.LatencyMS = latency.Milliseconds()
				}
				if changed("fail-rate") {
					c.FailRate = failRate
				}
				if changed("outage") {
					c.OutageUntil = 0
					if outage > 0 {
						c.OutageUntil = time.Now().Add(outage).UnixMilli()
					}
				}
			}
			var c connector.SandboxConfig
			out := map[string]any{}
			err = st.InTx(e.ctx, func(tx *store.Tx) error {
				if systemID != "" {
					out["acs_system_id"] = systemID
					c, err = acs.ConfigureSandboxTx(e.ctx, tx, systemID, change)
					return err
				}
				faults := device.SandboxFaults{Change: change}
				if changed("offline") {
					faults.Offline = &offline
				}
				var online bool
				c, online, err = device.ConfigureSandboxTx(e.ctx, tx, deviceID, faults)
				out["device_id"], out["online"] = deviceID, online
				return err
			})
			if err != nil {
				return err
			}
			out["mode"], out["latency_ms"], out["fail_rate"] = c.Mode, c.LatencyMS, c.FailRate
			if c.Mode == "" {
				out["mode"] = connector.SandboxInline
			}
			if c.OutageUntil > 0 {
				out["outage_until"] = time.UnixMilli(c.OutageUntil).UTC().Format(time.RFC3339)
			}
			return e.printJSON(out)
		},
	}
	f.register(setFaults)
	setFaults.Flags().StringVar(&systemID, "acs_system_id", "", "the sandbox access system")
	setFaults.Flags().StringVar(&deviceID, "device_id", "", "the sandbox device (a lock)")
	setFaults.Flags().StringVar(&mode, "mode", "", "inline (changes apply at once) or remote (through the job queue)")
	setFaults.Flags().DurationVar(&latency, "latency", 0, "delay of every exchange with the system or device")
	setFaults.Flags().Float64Var(&failRate, "fail-rate", 0, "probability, from 0 to 1, that an exchange fails")
	setFaults.Flags().DurationVar(&outage, "outage", 0, "the system or device refuses every exchange for this long from now; 0 ends an outage")
	setFaults.Flags().BoolVar(&offline, "offline", false, "a device only: the simulated lock is offline (every action on it fails with device_offline)")
	group.AddCommand(setFaults)
	return group
}

func (e *env) reconcileCommand() *cobra.Command {
	var f storeFlags
	var systemID, deviceID string
	cmd := &cobra.Command{
		Use: "reconcile",
		Short: "Compare an access system, or the devices of a lock's connected account, with what lintel wants, " +
			"repair the difference, print what was found",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (systemID == "") == (deviceID == "") {
				return usageError{errors.New("give one of --acs_system_id and --device_id")}
			}
			if systemID != "" && !lintel.IsUUID(systemID) {
				return usageError{errors.New("--acs_system_id must be the UUID of an access system")}
			}
			if deviceID != "" && !lintel.IsUUID(deviceID) {
				return usageError{errors.New("--device_id must be the UUID of a device")}
			}
			r, err := e.openApp(cmd, &f, jobFlags{}, false)
			if err != nil {
				return err
			}
			defer r.st.Close()
			if deviceID != "" {
				return e.reconcileDevices(r, deviceID)
			}
			st, a := r.st, r.app
			var sys store.AcsSystem
			err = st.View(e.ctx, func(tx *store.Tx) error {
				sys, err = tx.FindAcsSystem(e.ctx, systemID)
				return err
			})
			if errors.Is(err, store.ErrNotFound) {
				return errors.New("no access system " + systemID)
			}
			if err != nil {
				return err
			}
			rep, err := a.Acs.Reconcile(e.ctx, sys.WorkspaceID, sys.AcsSystemID)
			if err != nil {
				return err
			}
			return e.printJSON(map[string]any{"acs_system_id": systemID, "reconciliation": rep})
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&systemID, "acs_system_id", "", "the access system")
	cmd.Flags().StringVar(&deviceID, "device_id", "", "a device: every device of its connected account is compared with "+
		"the provider's account (devices gone, lock state, the access codes on each lock)")
	return cmd
}

// reconcileDevices reconciles the devices of the connected account of a
// device, now, and prints what it found.
func (e *env) reconcileDevices(r running, deviceID string) error {
	var d store.Device
	err := r.st.View(e.ctx, func(tx *store.Tx) error {
		var err error
		d, err = tx.FindDevice(e.ctx, deviceID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return errors.New("no device " + deviceID)
	}
	if err != nil {
		return err
	}
	rep, err := r.app.Devices.Reconcile(e.ctx, d.WorkspaceID, d.ConnectedAccountID)
	if err != nil {
		return err
	}
	return e.printJSON(map[string]any{"connected_account_id": d.ConnectedAccountID, "devices_reconciliation": rep})
}
