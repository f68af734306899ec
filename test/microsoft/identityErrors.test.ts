import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { classifyIdentityError, classifyMsalError } from '../../src/microsoft/graph/identityErrors.js';

describe('identity errors: the source decides what consent errors mean', () => {
  test('AADSTS90095 (admin consent request workflow) needs admin approval, never fatal', () => {
    for (const source of ['authorize', 'token'] as const) {
      const e = classifyIdentityError({ source, error: 'access_denied', error_description: 'AADSTS90095: Admin consent is required for the permissions requested by this application. An admin consent request may be submitted.' });
      assert.equal(e.kind, 'needsAdminApproval', source);
      assert.equal(e.aadsts, 90095);
    }
    assert.equal(classifyIdentityError({ source: 'authorize', error: 'consent_required', error_codes: [90095] }).kind, 'needsAdminApproval');
  });

  test('AADSTS90094 needs admin approval on the authorize redirect', () => {
    assert.equal(classifyIdentityError({ source: 'authorize', error: 'consent_required', error_description: 'AADSTS90094: The grant requires admin permission.' }).kind, 'needsAdminApproval');
  });

  test('65001 on the authorize redirect needs admin approval', () => {
    const e = classifyIdentityError({ source: 'authorize', error: 'consent_required', error_description: 'AADSTS65001: The user or administrator has not consented to use the application.' });
    assert.equal(e.kind, 'needsAdminApproval');
    assert.equal(e.aadsts, 65001);
  });

  test('65001 at the token endpoint means an interactive sign-in is needed, not an admin', () => {
    const e = classifyIdentityError({ source: 'token', error: 'invalid_grant', error_codes: [65001], error_description: 'AADSTS65001: The user or administrator has not consented to use the application.' });
    assert.equal(e.kind, 'reauthRequired');
    assert.equal(e.aadsts, 65001);
    assert.equal(classifyIdentityError({ source: 'token', error: 'consent_required' }).kind, 'reauthRequired');
  });

  test('the same description gives different kinds only through the source parameter', () => {
    const description = 'AADSTS65001: The grant requires admin permission.';
    assert.equal(classifyIdentityError({ source: 'authorize', error: 'invalid_grant', error_description: description }).kind, 'needsAdminApproval');
    assert.equal(classifyIdentityError({ source: 'token', error: 'invalid_grant', error_description: description }).kind, 'reauthRequired');
    // Words in the message never change the kind: an "admin" sentence without a code is a plain reauth.
    assert.equal(classifyIdentityError({ source: 'token', error: 'invalid_grant', error_description: 'Only an admin can grant this.' }).kind, 'reauthRequired');
  });

  test('MSAL errors are token-endpoint errors: 65001 from a silent request is reauthRequired', () => {
    const silent = classifyMsalError(new InteractionRequiredAuthError('invalid_grant', 'AADSTS65001: The user or administrator has not consented to use the application'));
    assert.equal(silent.kind, 'reauthRequired');
    assert.equal(silent.aadsts, 65001);
    const server = classifyMsalError(new ServerError('invalid_grant', 'consent missing', '', '65001', 400));
    assert.equal(server.kind, 'reauthRequired');
    const workflow = classifyMsalError(new ServerError('access_denied', 'request workflow', '', '90095', 400));
    assert.equal(workflow.kind, 'needsAdminApproval');
  });
});
