/**
 * Imported first by the simulator (and only there): the AWS SDK v3 in the skill bundle warns that its future
 * versions need Node 22, and the aws-sdk v2 that virtual-alexa loads announces its end of support. Neither is
 * news to someone trying a dialog, so the simulator turns both off unless the environment already decided.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
