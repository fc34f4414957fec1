package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/lintel-dev/lintel/client"
)

// Create an ACS user, delete it, and see that it is gone. (The server here
// is a sandbox started for the example; point WithEndpoint at yours, or set
// SEAM_ENDPOINT and SEAM_API_KEY and call client.New().)
func Example() {
	endpoint, apiKey, acsSystemID, stop := startSandbox()
	defer stop()
	ctx := context.Background()

	c, err := client.New(client.WithEndpoint(endpoint), client.WithAPIKey(apiKey))
	if err != nil {
		log.Fatal(err)
	}
	user, err := c.Acs.Users.Create(ctx, client.AcsUsersCreateParams{
		AcsSystemID: acsSystemID,
		FullName:    "Jane Doe",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", user.FullName)

	// Delete by the user's id; client.AcsUsersDeleteParams{UserIdentityID:
	// …, AcsSystemID: …} addresses it by its user identity instead.
	if err := c.Acs.Users.Delete(ctx, client.AcsUsersDeleteParams{AcsUserID: user.AcsUserID}); err != nil {
		log.Fatal(err)
	}
	fmt.Println("deleted")

	_, err = c.Acs.Users.Get(ctx, client.AcsUsersGetParams{AcsUserID: user.AcsUserID})
	var apiErr *client.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Type)
	}
	// Output:
	// created Jane Doe
	// deleted
	// 404 acs_user_not_found
}
