package cli

import (
	"errors"
	"time"

	"github.com/spf13/cobra"

	"github.com/lintel-dev/lintel"
	"github.com/lintel-dev/lintel/internal/acs"
	"github.com/lintel-dev/lintel/internal/connector"
	"github.com/lintel-dev/lintel/internal/store"
)

func (e *env) sandboxCommand() *cobra.Command {
	group := &cobra.Command{Use: "sandbox", Short: "Administer sandbox access systems directly in the database"}
	var f storeFlags
	var systemID, mode string
	var latency, outage time.Duration
	var failRate float64
	setFaults := &cobra.Command{
		Use:   "set-faults",
		Short: "Make a sandbox access system behave like a remote one: queued mutations, latency, failures, outages",
		Long: "Switch a sandbox access system (of a sandbox workspace) to remote mode, where every change goes\n" +
			"through the job queue, and inject faults into its exchanges. Only the flags given change.\n\n" +
			"  lintel sandbox set-faults --acs_system_id ID --latency 200ms --fail-rate 0.3 --outage 10m\n" +
			"  lintel sandbox set-faults --acs_system_id ID --outage 0          # end the outage\n" +
			"  lintel sandbox set-faults --acs_system_id ID --mode inline       # back to inline, faults kept",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !lintel.IsUUID(systemID) {
				return usageError{errors.New("--acs_system_id must be the UUID of an access system")}
			}
			changed := cmd.Flags().Changed
			st, _, err := e.open(cmd, &f)
			if err != nil {
				return err
			}
			defer st.Close()
			var c connector.SandboxConfig
			err = st.InTx(e.ctx, func(tx *store.Tx) error {
				c, err = acs.ConfigureSandboxTx(e.ctx, tx, systemID, func(c *connector.SandboxConfig) {
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
				})
				return err
			})
			if err != nil {
				return err
			}
			out := map[string]any{"acs_system_id": systemID, "mode": c.Mode, "latency_ms": c.LatencyMS, "fail_rate": c.FailRate}
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
	setFaults.Flags().StringVar(&systemID, "acs_system_id", "", "the sandbox access system (required)")
	setFaults.Flags().StringVar(&mode, "mode", "", "inline (changes apply at once) or remote (through the job queue)")
	setFaults.Flags().DurationVar(&latency, "latency", 0, "delay of every exchange with the system")
	setFaults.Flags().Float64Var(&failRate, "fail-rate", 0, "probability, from 0 to 1, that an exchange fails")
	setFaults.Flags().DurationVar(&outage, "outage", 0, "the system refuses every exchange for this long from now; 0 ends an outage")
	group.AddCommand(setFaults)
	return group
}

func (e *env) reconcileCommand() *cobra.Command {
	var f storeFlags
	var systemID string
	cmd := &cobra.Command{
		Use:   "reconcile",
		Short: "Compare an access system with what lintel wants it to hold, repair the difference, print what was found",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !lintel.IsUUID(systemID) {
				return usageError{errors.New("--acs_system_id must be the UUID of an access system")}
			}
			r, err := e.openApp(cmd, &f, jobFlags{}, false)
			if err != nil {
				return err
			}
			defer r.st.Close()
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
	cmd.Flags().StringVar(&systemID, "acs_system_id", "", "the access system (required)")
	return cmd
}
