-- Sign-in throttling that cannot be turned against the account's owner:
-- failures are counted per account from one address ('pair': that
-- address is refused for that account), per address, and per account from
-- every address ('account': past a higher ceiling, only addresses the
-- account has signed in from before may still try). 'known' remembers
-- those addresses (k: "account|address", window_start: the last sign-in).
ALTER TABLE login_throttle
  MODIFY kind ENUM('account','address','pair','known') NOT NULL,
  MODIFY k VARCHAR(320) NOT NULL;
DELETE FROM login_throttle WHERE kind = 'account';
